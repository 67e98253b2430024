import type { CSSProperties } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltip, NO_ANIMATION, PALETTE, onPoint } from '../../dashboard/charts/chartKit';
import type { AnswerChartData } from '../answerModel';

/**
 * A question's answer drawn as its visualization (bars, stacked bars, lines, areas, a pie). A
 * bar, a point or a slice opens the records it counts; the card's table button lists the same
 * numbers with links, for keyboards and screen readers. Lazy: recharts stays out of the main bundle.
 */
export interface AnswerChartProps {
  data: AnswerChartData;
  height: number;
  onSelect: (filter: Record<string, unknown>) => void;
}

export default function AnswerChart({ data, height, onSelect }: AnswerChartProps) {
  const style: CSSProperties = { width: '100%', height };
  const rows = data.rows.map((row, index) => ({ ...row, index }));
  const select = (index: number, series?: string) => {
    const filters = data.filters[index];
    const filter = filters?.[series ?? Object.keys(filters ?? {})[0]];
    if (filter) onSelect(filter);
  };
  const indexOf = (item: unknown) => Number((item as { payload?: { index?: number } } | undefined)?.payload?.index);
  const tooltip = <Tooltip content={props => <ChartTooltip {...props} format={data.format} />} />;
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="category" />
      <YAxis allowDecimals={data.format !== 'count'} width={56} />
      {tooltip}
      {data.series.length > 1 && <Legend />}
    </>
  );
  const pointSelect = onPoint(rows, () => true, row => select(row.index));

  switch (data.visualization) {
    case 'pie':
      return (
        <PieChart responsive style={style}>
          <Pie
            {...NO_ANIMATION}
            data={rows.map((row, i) => ({ ...row, fill: PALETTE[i % PALETTE.length] }))}
            dataKey={data.series[0]?.key ?? 'value'}
            nameKey="category"
            outerRadius="80%"
            cursor="pointer"
            label
            onClick={item => select(indexOf(item))}
          />
          {tooltip}
          <Legend />
        </PieChart>
      );
    case 'line':
      return (
        <LineChart responsive style={style} data={rows} cursor="pointer" onClick={pointSelect}>
          {axes}
          {data.series.map((s, i) => (
            <Line {...NO_ANIMATION} key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} connectNulls />
          ))}
        </LineChart>
      );
    case 'area':
      return (
        <AreaChart responsive style={style} data={rows} cursor="pointer" onClick={pointSelect}>
          {axes}
          {data.series.map((s, i) => (
            <Area {...NO_ANIMATION} key={s.key} type="monotone" dataKey={s.key} name={s.label} stackId="answer" stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.4} />
          ))}
        </AreaChart>
      );
    default:
      return (
        <BarChart responsive style={style} data={rows}>
          {axes}
          {data.series.map((s, i) => (
            <Bar
              {...NO_ANIMATION}
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId={data.visualization === 'stacked_bar' ? 'answer' : undefined}
              fill={PALETTE[i % PALETTE.length]}
              cursor="pointer"
              onClick={item => select(indexOf(item), s.key)}
            />
          ))}
        </BarChart>
      );
  }
}
