import { catalogueLabel, qualifiedLabel, valueLabel, valueLabelSql, type Readable } from './labels';
import type { Knex } from 'knex';
import { streamQuery } from './queryStream';
import type { CellFormat, Column } from './send';

/**
 * The columns of a report's download (docs/exports.md "Report downloads"), declared by each
 * report as a field name, a type and a label key, and written here the way a list's download
 * is (server/resources/export.ts): the header is the label in the caller's language, or the
 * field name with `headers=fields`; an `id` column's label gets ` (id)`; an enumeration keeps
 * its code (` (code)`) and is followed by `<field>_label`, the value's label; dates, instants
 * and amounts are typed cells in XLSX and instants have the one form of every download.
 *
 * Labels are the dashboard's catalogue (dashboard/src/i18n/en.ts and fr.ts,
 * `app.download.columns.<label>`); an enumeration's values are labelled from `labels`
 * (`app.reconciliation.gaps`), then `app.enums`, as a list's are.
 */
export type ReportColumnType = 'text' | 'number' | 'money' | 'date' | 'instant' | 'id' | 'enum';

export interface ReportColumn {
  /** the row's field, and the header with `headers=fields` */
  key: string;
  type: ReportColumnType;
  /** the key of its label in `app.download.columns` of the catalogues */
  label: string;
  /** an `enum` column: its values, and where their labels are (default `app.enums`) */
  enum?: { values: readonly string[]; labels?: string };
}

const FORMATS: Partial<Record<ReportColumnType, CellFormat>> = { date: 'date', instant: 'instant', money: 'money' };

function columnLabel(options: Readable, column: ReportColumn): string {
  return catalogueLabel(options.language, `app.download.columns.${column.label}`);
}

/** The label column of an enumeration `column`. */
const labelKey = (column: ReportColumn) => `${column.key}_label`;

function labelOf(options: Readable, column: ReportColumn) {
  const labels = column.enum?.labels ?? 'app.enums';
  return (value: string) => valueLabel(options.language, labels, value);
}

/** The download's columns, in the declared order, each enumeration followed by its label column. */
export function downloadColumns(columns: readonly ReportColumn[], options: Readable): Column[] {
  const header = (key: string, text: string) => (options.headers === 'fields' ? key : text);
  return columns.flatMap((column): Column[] => {
    const label = columnLabel(options, column);
    const own: Column = {
      key: column.key,
      header: header(column.key, column.type === 'id' || column.type === 'enum' ? qualifiedLabel(options.language, label, column.type === 'id' ? 'id' : 'code') : label),
      format: FORMATS[column.type],
    };
    return column.type === 'enum' ? [own, { key: labelKey(column), header: header(labelKey(column), label) }] : [own];
  });
}

/** A table as a download writes it: its columns with their headers, its rows with their labels. */
export interface WrittenTable {
  columns: Column[];
  rows: Record<string, unknown>[];
}

export function writtenTable(table: { columns: readonly ReportColumn[]; rows: readonly Record<string, unknown>[] }, options: Readable): WrittenTable {
  return { columns: downloadColumns(table.columns, options), rows: labelledRows(table.columns, table.rows, options) };
}

/** A report table's rows with the label of each enumeration value beside it. */
function labelledRows(columns: readonly ReportColumn[], rows: readonly Record<string, unknown>[], options: Readable): Record<string, unknown>[] {
  const enums = columns.filter((c) => c.type === 'enum').map((column) => ({ key: column.key, to: labelKey(column), label: labelOf(options, column) }));
  if (enums.length === 0) return [...rows];
  return rows.map((row) => {
    const labelled = { ...row };
    for (const { key, to, label } of enums) labelled[to] = typeof row[key] === 'string' ? label(row[key]) : null;
    return labelled;
  });
}

/**
 * A statement of rows (with named bindings) with the label of each enumeration value beside
 * it, in the statement's own order (each row keeps its number in it, as a list's download
 * does), for a download streamed by COPY.
 */
function labelledSql(
  columns: readonly ReportColumn[],
  sql: string,
  bindings: Record<string, unknown>,
  options: Readable,
): { sql: string; bindings: Record<string, unknown> } {
  const enums = columns.filter((c) => c.type === 'enum');
  if (enums.length === 0) return { sql, bindings };
  const named: Record<string, unknown> = { ...bindings };
  const labels = enums.map((column, c) => {
    const name = (i: number) => `download_label_${c}_${i}`;
    const label = valueLabelSql(`q.${column.key}`, column.enum?.values ?? [], labelOf(options, column), (i) => `:${name(i)}`);
    label.bindings.forEach((value, i) => (named[name(i)] = value));
    return `${label.sql} as ${labelKey(column)}`;
  });
  return {
    sql: `select q.*, ${labels.join(', ')} from (select l.*, row_number() over () as export_row from (${sql}) l) q order by q.export_row`,
    bindings: named,
  };
}

/** The columns and the streamed rows (by COPY) of a download of a statement's rows: explanations, a submission's rows. */
export function streamedDownload(knex: Knex, columns: readonly ReportColumn[], sql: string, bindings: Record<string, unknown>, options: Readable) {
  const labelled = labelledSql(columns, sql, bindings, options);
  return { columns: downloadColumns(columns, options), rows: streamQuery(knex, knex.raw(labelled.sql, labelled.bindings)) };
}
