import { useTranslate } from 'react-admin';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, COMPARED_LINE, ChartTooltip, NO_ANIMATION, PALETTE, comparedName, onPoint } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import { ACTIVE_PLANS_PROGRAMS } from '../../../../../contract/reports';
import type { ActivePlansData } from './aggregate';

/**
 * Children with an active plan at each month end, one line per programme; a comparison draws
 * each programme's again, dotted. A month counted so far opens the children counted at its end
 * (its page links each programme's).
 */
export default function ActivePlansChart({ data, onSelect, comparison }: ChartProps<ActivePlansData>) {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <LineChart
      responsive
      style={CHART_STYLE}
      data={data.rows}
      cursor="pointer"
      onClick={onPoint(data.rows, row => row.total !== null, row => onSelect({ bucket: row.period, series: 'total' }))}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="period" tickFormatter={period => format(period, 'periodShort')} />
      <YAxis allowDecimals={false} width={40} />
      <Tooltip content={props => <ChartTooltip {...props} format="count" />} />
      <Legend />
      {ACTIVE_PLANS_PROGRAMS.map((program, i) => (
        <Line {...NO_ANIMATION} key={program} type="monotone" dataKey={program} name={translate(`app.charts.programs.${program}`)} stroke={PALETTE[i]} strokeWidth={2} />
      ))}
      {comparison &&
        ACTIVE_PLANS_PROGRAMS.map((program, i) => (
          <Line
            {...NO_ANIMATION}
            {...COMPARED_LINE}
            key={`compared_${program}`}
            type="monotone"
            dataKey={`compared_${program}`}
            name={comparedName(translate, translate(`app.charts.programs.${program}`), comparison)}
            stroke={PALETTE[i]}
          />
        ))}
    </LineChart>
  );
}
