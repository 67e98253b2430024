import type { ReactNode } from 'react';
import type { ValueFormat } from './format';

/**
 * A report's numbers as tables (ReportTable draws them), and what a chart's pure
 * `aggregate(report)` returns: the chart's data and the same numbers as tables.
 */
export type Row = Record<string, string | number | null>;

export interface Column<R extends Row = Row> {
  key: string;
  /** a translation key */
  label: string;
  /** a translation key the header adds in brackets: what the column's values are of ("previous period") */
  qualifier?: string;
  format: ValueFormat;
  /** a row's own format in this column, when rows differ (a measure in money among counts) */
  rowFormat?: (row: R) => ValueFormat;
  /** the column that names the row; the first one unless a column says so */
  rowHeader?: boolean;
  /** how the cells read beside the others */
  emphasis?: 'code' | 'strong' | 'muted';
  /** a cell that opens a page: the link of this row's cell (a dashboard route), or null for none */
  link?: (row: R) => string | null;
  /** a translation key naming the link for screen readers, given the cell's text as `value` */
  linkLabel?: string;
  /** drawn after the cell's text (a sparkline); it carries its own text alternative */
  after?: (row: R) => ReactNode;
}

export interface TableSpec<R extends Row = Row> {
  /** a translation key */
  title: string;
  columns: Column<R>[];
  rows: R[];
}

export interface ChartModel<D> {
  data: D;
  tables: TableSpec[];
  empty: boolean;
}

/** A number from JSON that may be a string (pg numerics) or missing. */
export const num = (value: unknown): number => {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
};

export const numOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

export const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** One entry per key (an enumeration's values), each from `value(key)`. */
export function byKey<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map(key => [key, value(key)])) as Record<K, V>;
}

/** Money added up without float dust (cents). */
export const sumMoney = (values: number[]): number => Math.round(sum(values.map(v => Math.round(v * 100)))) / 100;

/** A series period ("2025-04"), shown as a month in the locale. */
export const periodColumn: Column = { key: 'period', label: 'app.charts.columns.period', format: 'period' };
