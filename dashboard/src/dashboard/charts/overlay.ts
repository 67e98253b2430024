import type { ComparisonKind, ReportComparison } from '../../../../contract/reports';
import type { Column, Row, TableSpec } from '../../reporting/model';

/**
 * A chart's comparison overlay: the `comparison` of the report asked with `compare`
 * (`result` is the comparison period's answer in the report's own shape, its point i beside
 * the report's point i). The chart draws the compared series faded or dashed, and its table
 * shows them as columns after its own.
 */
export type Overlay<Result = unknown> = Pick<ReportComparison<Result>, 'kind' | 'from' | 'to' | 'result'>;

/** Where a row keeps the comparison period's value of its `key` (`compared_period`: the comparison's point). */
export const comparedKey = (key: string) => `compared_${key}`;

/** The key naming what a comparison is, as a qualifier of a series or a column ("previous period"). */
export const comparedQualifier = (kind: ComparisonKind) => `app.charts.compare.against.${kind}`;

/** The comparison's points of one series of a chart, and what of each it compares (`keys`); null without an overlay. */
export type ComparedPoints = { kind: ComparisonKind; points: readonly object[]; keys: readonly string[] } | null;

/** The comparison's points of a series, when there is an overlay: `points(result)` reads them from the comparison's answer. */
export function comparedPoints<Result>(overlay: Overlay<Result> | undefined, keys: readonly string[], points: (result: Result) => readonly object[]): ComparedPoints {
  return overlay ? { kind: overlay.kind, points: points(overlay.result), keys } : null;
}

/**
 * Each row with the comparison's point of the same position beside it: `compared_<key>` for
 * each key (null where the comparison has no such point: a year to date compares with fewer
 * months); the rows as they are without an overlay.
 */
export function besideCompared<R extends object>(rows: readonly R[], compared: ComparedPoints): R[] {
  if (!compared) return [...rows];
  return rows.map((row, i) => {
    const other = compared.points[i] as Record<string, unknown> | undefined;
    return { ...row, ...Object.fromEntries(compared.keys.map(key => [comparedKey(key), (other?.[key] as Row[string] | undefined) ?? null])) };
  });
}

/**
 * A table with its rows beside the comparison's (`besideCompared`) and, after its own columns,
 * the comparison's: the compared point (`compared_period`, when the keys have `period`) and
 * each other key's column again, its header qualified by the comparison ("Total (previous
 * period)"); the table as it is without an overlay.
 */
export function comparedTable(table: TableSpec, compared: ComparedPoints): TableSpec {
  if (!compared) return table;
  const columns = compared.keys.map((key): Column => {
    if (key === 'period') return { key: comparedKey(key), label: 'app.charts.compare.period', format: 'period' };
    const own = table.columns.find(column => column.key === key);
    if (!own) throw new Error(`No column ${key} to compare in ${table.title}`);
    return { key: comparedKey(key), label: own.label, format: own.format, qualifier: comparedQualifier(compared.kind) };
  });
  return { ...table, columns: [...table.columns, ...columns], rows: besideCompared(table.rows, compared) };
}
