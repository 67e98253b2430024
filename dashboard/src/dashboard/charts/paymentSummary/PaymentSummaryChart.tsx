import { useTranslate } from 'react-admin';
import { Bar, CartesianGrid, ComposedChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, ChartLegend, ChartTooltip, NO_ANIMATION, PALETTE, comparedTotalEntry, comparedTotalLine, periodOf, type LegendEntry } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import { PAYMENT_KINDS } from '../../../../../contract/enums';
import { PAYMENT_SUMMARY_STATUSES } from '../../../../../contract/reports';
import type { PaymentSummaryData } from './aggregate';

const STACKS = [
  { stackId: 'kind', keys: PAYMENT_KINDS, prefix: 'app.charts.kinds', offset: 0 },
  { stackId: 'status', keys: PAYMENT_SUMMARY_STATUSES, prefix: 'app.charts.statuses', offset: 3 },
] as const;

/** Per month, two stacks side by side: amounts by kind, and the same amounts by status. A comparison draws its monthly totals as a dashed line. */
export default function PaymentSummaryChart({ data, onSelect, comparison }: ChartProps<PaymentSummaryData>) {
  const translate = useTranslate();
  const format = useFormat();
  const bars = STACKS.flatMap(stack =>
    stack.keys.map((key, i) => ({ key, stackId: stack.stackId, name: translate(`${stack.prefix}.${key}`), color: PALETTE[(stack.offset + i) % PALETTE.length] })),
  );
  const legend: LegendEntry[] = [...bars.map(({ name, color }) => ({ name, color, mark: 'bar' as const })), ...(comparison ? [comparedTotalEntry(translate, comparison)] : [])];
  return (
    <>
      <ComposedChart responsive style={CHART_STYLE} data={data.rows}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" tickFormatter={period => format(period, 'periodShort')} />
        <YAxis width={70} tickFormatter={amount => format(amount, 'moneyCompact')} />
        <Tooltip content={props => <ChartTooltip {...props} format="money" />} />
        {bars.map(({ key, stackId, name, color }) => (
          <Bar
            {...NO_ANIMATION}
            key={key}
            dataKey={key}
            name={name}
            stackId={stackId}
            fill={color}
            cursor="pointer"
            onClick={item => onSelect({ bucket: periodOf(item), series: key })}
          />
        ))}
        {comparison && comparedTotalLine(translate, comparison)}
      </ComposedChart>
      <ChartLegend entries={legend} />
    </>
  );
}
