import { Paper, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { MouseHandlerDataParam, TooltipContentProps } from 'recharts';
import { formatMoney, formatMoneyCompact, formatMonth, formatNumber } from '../../meta/format';

/** Shared by the chart modules only (they are lazy, so recharts stays out of the main bundle). */
export const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#5d4037'];

export const CHART_STYLE = { width: '100%', height: 300 } as const;

export type ValueFormat = 'number' | 'money' | 'days';

/** Formats values in the chosen locale. */
export function useFormatValue(format: ValueFormat) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (value: unknown) => {
    if (format === 'money') return formatMoney(value, locale);
    if (format === 'days') return translate('app.charts.days', { smart_count: Number(value), value: formatNumber(value, locale, 1) });
    return formatNumber(value, locale, 0);
  };
}

/** Axis ticks for amounts: "$1.2M". */
export function useMoneyTick() {
  const [locale] = useLocaleState();
  return (value: unknown) => formatMoneyCompact(value, locale);
}

/** Series periods ("2025-04") as short months in the locale, for axes and tooltips. */
export function usePeriodFormat() {
  const [locale] = useLocaleState();
  return (period: unknown) => formatMonth(period, locale, 'short');
}

/** The tooltip of every chart: the period, then each series (already named in the locale) formatted. */
export const ChartTooltip = ({ active, payload, label, format }: TooltipContentProps & { format: ValueFormat }) => {
  const formatValue = useFormatValue(format);
  const formatPeriod = usePeriodFormat();
  if (!active || !payload || payload.length === 0) return null;
  return (
    <Paper elevation={3} sx={{ p: 1 }}>
      <Typography variant="subtitle2">{formatPeriod(label)}</Typography>
      {payload.map(entry => (
        <Typography key={String(entry.dataKey)} variant="body2" sx={{ color: entry.color }}>
          {String(entry.name)}: {formatValue(entry.value)}
        </Typography>
      ))}
    </Paper>
  );
};

/** The period of the row a bar belongs to. */
export const periodOf = (item: { payload?: { period?: string } } | undefined): string | undefined => item?.payload?.period;

/** The period of the row under the pointer when the chart itself is clicked. */
export function periodAt(rows: readonly { period: string }[], state: MouseHandlerDataParam): string | undefined {
  const index = Number(state.activeTooltipIndex ?? state.activeIndex);
  return Number.isInteger(index) ? rows[index]?.period : undefined;
}
