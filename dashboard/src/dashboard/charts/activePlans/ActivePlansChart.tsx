import { useTranslate } from 'react-admin';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, COMPARED_LINE, ChartLegend, ChartTooltip, NO_ANIMATION, PALETTE, comparedLineEntry, comparedName, onPoint, type LegendEntry } from '../chartKit';
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
  const programs = ACTIVE_PLANS_PROGRAMS.map((program, i) => ({ program, name: translate(`app.charts.programs.${program}`), color: PALETTE[i] }));
  const compared = comparison ? programs.map(p => ({ ...p, name: comparedName(translate, p.name, comparison) })) : [];
  const legend: LegendEntry[] = [
    ...programs.map(({ name, color }) => ({ name, color, mark: 'line' as const })),
    ...compared.map(({ name, color }) => comparedLineEntry(name, color)),
  ];
  return (
    <>
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
        {programs.map(({ program, name, color }) => (
          <Line {...NO_ANIMATION} key={program} type="monotone" dataKey={program} name={name} stroke={color} strokeWidth={2} />
        ))}
        {compared.map(({ program, name, color }) => (
          <Line {...NO_ANIMATION} {...COMPARED_LINE} key={`compared_${program}`} type="monotone" dataKey={`compared_${program}`} name={name} stroke={color} />
        ))}
      </LineChart>
      <ChartLegend entries={legend} />
    </>
  );
}
