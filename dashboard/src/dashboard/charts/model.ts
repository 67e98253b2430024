/** What a chart's pure `aggregate(report)` returns: the chart's data and the same numbers as tables. */
export type ColumnFormat = 'text' | 'number' | 'money' | 'days' | 'percent' | 'date' | 'period';

export interface Column {
  key: string;
  /** a translation key */
  label: string;
  format: ColumnFormat;
}

export type Row = Record<string, string | number | null>;

export interface TableSpec {
  /** a translation key */
  title: string;
  columns: Column[];
  rows: Row[];
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
