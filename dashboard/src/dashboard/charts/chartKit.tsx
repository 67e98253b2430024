import { Box, Paper, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Line, type MouseHandlerDataParam, type TooltipContentProps } from 'recharts';
import type { ComparisonKind } from '../../../../contract/reports';
import type { ValueFormat } from '../../reporting/format';
import { useFormat } from '../../reporting/useFormat';
import { comparedQualifier } from './overlay';

/** Shared by the chart modules only (they are lazy, so recharts stays out of the main bundle). */
export const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037'];

/** A chart's box: with its legend below (ChartLegend, at least LEGEND_HEIGHT), 300 px. */
export const CHART_STYLE = { width: '100%', height: 272 } as const;
const LEGEND_HEIGHT = 28;

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

/** One series in a chart's legend: its name, its colour, and its mark drawn as the chart draws it. */
export interface LegendEntry {
  name: string;
  color: string;
  mark: 'bar' | 'line';
  /** a line's dashes (SVG stroke-dasharray) */
  dash?: string;
  opacity?: number;
}

/** The legend entry of a comparison's line, as COMPARED_LINE draws it. */
export const comparedLineEntry = (name: string, color: string): LegendEntry => ({
  name,
  color,
  mark: 'line',
  dash: COMPARED_LINE.strokeDasharray,
  opacity: COMPARED_LINE.strokeOpacity,
});

const comparedTotal = (translate: Translate, kind: ComparisonKind) => ({
  name: comparedName(translate, translate('app.charts.columns.total'), kind),
  color: '#424242',
});

/**
 * The line of a comparison's monthly totals (`compared_total`) over a chart's bars: an element,
 * not a component, so that the chart sees a Line among its children.
 */
export const comparedTotalLine = (translate: Translate, kind: ComparisonKind) => {
  const { name, color } = comparedTotal(translate, kind);
  return <Line {...NO_ANIMATION} {...COMPARED_LINE} type="monotone" dataKey="compared_total" name={name} stroke={color} />;
};

export const comparedTotalEntry = (translate: Translate, kind: ComparisonKind): LegendEntry => {
  const { name, color } = comparedTotal(translate, kind);
  return comparedLineEntry(name, color);
};

const LegendMark = ({ entry }: { entry: LegendEntry }) => (
  <svg width={14} height={14} viewBox="0 0 14 14" aria-hidden focusable="false">
    {entry.mark === 'bar' ? (
      <rect width={14} height={14} fill={entry.color} fillOpacity={entry.opacity} />
    ) : (
      <line x1={0} y1={7} x2={14} y2={7} stroke={entry.color} strokeWidth={2} strokeDasharray={entry.dash} strokeOpacity={entry.opacity} />
    )}
  </svg>
);

/**
 * A chart's legend, below it, in the series' order. Not recharts' <Legend>: with one, recharts
 * draws every bar and line of its chart three or four times over on the first draw (the legend's
 * items registered, then measured, then the chart laid out again for the room it takes; the
 * dashboard's 13 bar series drew 49 times, bench/README.md "Legends of our own"). A chart
 * without entries keeps the legend's room, so that charts side by side line up.
 */
export const ChartLegend = ({ entries }: { entries: readonly LegendEntry[] }) => {
  const translate = useTranslate();
  return (
    <Box
      component="ul"
      aria-label={translate('app.charts.legend')}
      sx={{ listStyle: 'none', m: 0, p: 0, pt: 0.5, minHeight: LEGEND_HEIGHT, display: 'flex', flexWrap: 'wrap', justifyContent: 'center', columnGap: 2, typography: 'body2' }}
    >
      {entries.map(entry => (
        <Box component="li" key={entry.name} sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }}>
          <LegendMark entry={entry} />
          {entry.name}
        </Box>
      ))}
    </Box>
  );
};

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
