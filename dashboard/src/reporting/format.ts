import type { Translate } from '../meta/fields';
import { formatLocalDate, formatMoney, formatMoneyCompact, formatMonth, formatNumber, formatPercent } from '../meta/format';

/** How a report's value reads: in a table cell, on a KPI card, in a chart's tooltip or on its axis. */
export type ValueFormat =
  /** as given; a translation key ("app.…") translated */
  | 'text'
  /** a whole number: "1,234" */
  | 'count'
  /** up to two decimals: "1,234.57" */
  | 'number'
  /** a number of days with one decimal, under a header that says days: "45.5" */
  | 'days'
  /** a number of days that says so: "45.5 days" */
  | 'daysText'
  | 'money'
  /** large amounts in little room: "$8.4M" */
  | 'moneyCompact'
  /** a share 0–1: "25%" */
  | 'percent'
  /** "YYYY-MM-DD" as a date in the locale: "Apr 1, 2025" */
  | 'date'
  /** a series period ("2025-06") as its month: "June 2025"; a quarter as given */
  | 'period'
  /** the same, short, for axes: "Jun 2025" */
  | 'periodShort';

/** Formats that read as words or dates (left-aligned in a table); the others are amounts. */
export const TEXT_FORMATS: readonly ValueFormat[] = ['text', 'date', 'period', 'periodShort'];

/** A value as text in the locale; nothing to show reads "—". */
export function formatValue(value: unknown, format: ValueFormat, locale: string, translate: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (format) {
    case 'count':
      return formatNumber(value, locale, 0);
    case 'number':
      return formatNumber(value, locale, 2);
    case 'days':
      return formatNumber(value, locale, 1);
    case 'daysText':
      return translate('app.charts.days', { smart_count: Number(value), value: formatNumber(value, locale, 1) });
    case 'money':
      return formatMoney(value, locale);
    case 'moneyCompact':
      return formatMoneyCompact(value, locale);
    case 'percent':
      return formatPercent(value, locale);
    case 'date':
      return formatLocalDate(value, locale);
    case 'period':
      return formatMonth(value, locale);
    case 'periodShort':
      return formatMonth(value, locale, 'short');
    case 'text':
      return typeof value === 'string' && value.startsWith('app.') ? translate(value) : String(value);
  }
}
