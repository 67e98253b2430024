import { useTranslate } from 'react-admin';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, ChartTooltip, NO_ANIMATION, PALETTE, onPoint } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import { ACTIVE_PLANS_PROGRAMS } from '../../../../../contract/reports';
import type { ActivePlansData } from './aggregate';

/**
 * Children with an active plan at each month end, one line per programme. A month counted so far
 * opens the children counted at its end (its page links each programme's).
 */
export default function ActivePlansChart({ data, onSelect }: ChartProps<ActivePlansData>) {
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
    </LineChart>
  );
}
