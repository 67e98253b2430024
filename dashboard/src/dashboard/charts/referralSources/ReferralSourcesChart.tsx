import { useTranslate } from 'react-admin';
import { Bar, CartesianGrid, ComposedChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, ChartLegend, ChartTooltip, NO_ANIMATION, PALETTE, comparedTotalEntry, comparedTotalLine, periodOf, type LegendEntry } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import type { ReferralSourcesData } from './aggregate';

/** New referrals per month, stacked by source; a bar segment opens those referrals. A comparison draws its monthly totals as a dashed line. */
export default function ReferralSourcesChart({ data, onSelect, comparison }: ChartProps<ReferralSourcesData>) {
  const translate = useTranslate();
  const format = useFormat();
  const sources = data.sources.map((source, i) => ({ source, name: translate(`app.charts.sources.${source}`), color: PALETTE[i % PALETTE.length] }));
  const legend: LegendEntry[] = [...sources.map(({ name, color }) => ({ name, color, mark: 'bar' as const })), ...(comparison ? [comparedTotalEntry(translate, comparison)] : [])];
  return (
    <>
      <ComposedChart responsive style={CHART_STYLE} data={data.rows}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" tickFormatter={period => format(period, 'periodShort')} />
        <YAxis allowDecimals={false} width={40} />
        <Tooltip content={props => <ChartTooltip {...props} format="count" />} />
        {sources.map(({ source, name, color }) => (
          <Bar
            {...NO_ANIMATION}
            key={source}
            dataKey={source}
            name={name}
            stackId="sources"
            fill={color}
            cursor="pointer"
            onClick={item => onSelect({ bucket: periodOf(item), series: source })}
          />
        ))}
        {comparison && comparedTotalLine(translate, comparison)}
      </ComposedChart>
      <ChartLegend entries={legend} />
    </>
  );
}
