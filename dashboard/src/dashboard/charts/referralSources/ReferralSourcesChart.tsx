import { useTranslate } from 'react-admin';
import { Bar, CartesianGrid, ComposedChart, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, ChartTooltip, NO_ANIMATION, PALETTE, comparedTotalLine, periodOf } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import type { ReferralSourcesData } from './aggregate';

/** New referrals per month, stacked by source; a bar segment opens those referrals. A comparison draws its monthly totals as a dashed line. */
export default function ReferralSourcesChart({ data, onSelect, comparison }: ChartProps<ReferralSourcesData>) {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <ComposedChart responsive style={CHART_STYLE} data={data.rows}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="period" tickFormatter={period => format(period, 'periodShort')} />
      <YAxis allowDecimals={false} width={40} />
      <Tooltip content={props => <ChartTooltip {...props} format="count" />} />
      <Legend />
      {data.sources.map((source, i) => (
        <Bar
          {...NO_ANIMATION}
          key={source}
          dataKey={source}
          name={translate(`app.charts.sources.${source}`)}
          stackId="sources"
          fill={PALETTE[i % PALETTE.length]}
          cursor="pointer"
          onClick={item => onSelect({ bucket: periodOf(item), series: source })}
        />
      ))}
      {comparison && comparedTotalLine(translate, comparison)}
    </ComposedChart>
  );
}
