import { Paper, Typography } from '@mui/material';
import { Line, type MouseHandlerDataParam, type TooltipContentProps } from 'recharts';
import type { ComparisonKind } from '../../../../contract/reports';
import type { ValueFormat } from '../../reporting/format';
import { useFormat } from '../../reporting/useFormat';
import { comparedQualifier } from './overlay';

/** Shared by the chart modules only (they are lazy, so recharts stays out of the main bundle). */
export const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037'];

export const CHART_STYLE = { width: '100%', height: 300 } as const;

/**
 * Marks drawn in place at once, on every bar, line, area and pie: recharts' entry animation
 * renders the whole chart again on each frame, and with a dashboard's charts animating together
 * the main thread was busy for about a second before the last of them showed a mark
 * (bench/README.md, "Drawn").
 */
export const NO_ANIMATION = { isAnimationActive: false } as const;

/** How a comparison's series draws: a line dashed and lighter than the series it compares, a bar faded. */
export const COMPARED_LINE = { strokeDasharray: '2 3', strokeOpacity: 0.7, strokeWidth: 2, dot: false, connectNulls: false } as const;
export const COMPARED_BAR = { fillOpacity: 0.35 } as const;
type Translate = (key: string, options?: object) => string;

/** A comparison's series as the legend and the tooltip name it: "Total (previous period)". */
export const comparedName = (translate: Translate, series: string, kind: ComparisonKind) =>
  translate('app.charts.compare.series', { series, against: translate(comparedQualifier(kind)) });

/**
 * The line of a comparison's monthly totals (`compared_total`) over a chart's bars: an element,
 * not a component, so that the chart sees a Line among its children.
 */
export const comparedTotalLine = (translate: Translate, kind: ComparisonKind) => (
  <Line
    {...NO_ANIMATION}
    {...COMPARED_LINE}
    type="monotone"
    dataKey="compared_total"
    name={comparedName(translate, translate('app.charts.columns.total'), kind)}
    stroke="#424242"
  />
);

/** The tooltip of every chart: the period, then each series (already named in the locale) formatted. */
export const ChartTooltip = ({ active, payload, label, format }: TooltipContentProps & { format: ValueFormat }) => {
  const formatValue = useFormat();
  if (!active || !payload || payload.length === 0) return null;
  return (
    <Paper elevation={3} sx={{ p: 1 }}>
      <Typography variant="subtitle2">{formatValue(label, 'periodShort')}</Typography>
      {payload.map(entry => (
        <Typography key={String(entry.dataKey)} variant="body2" sx={{ color: entry.color }}>
          {String(entry.name)}: {formatValue(entry.value, format)}
        </Typography>
      ))}
    </Paper>
  );
};

/** The period of the row a bar belongs to. */
export const periodOf = (item: { payload?: { period?: string } } | undefined): string | undefined => item?.payload?.period;

/** A line chart's click handler: the row under the pointer, when `counts` says it has a figure, goes to `select`. */
export function onPoint<R>(rows: readonly R[], counts: (row: R) => boolean, select: (row: R) => void) {
  return (state: MouseHandlerDataParam) => {
    const index = Number(state.activeTooltipIndex ?? state.activeIndex);
    const row = Number.isInteger(index) ? rows[index] : undefined;
    if (row && counts(row)) select(row);
  };
}
