import type { Language } from '../exports/labels';
import type { Knex } from 'knex';
import type { ContractProgram, Role } from '../../contract/enums';
import type { ExplanationStatistic, ExplanationUnit, ReportFigures } from '../../contract/reports';
import type { ReportColumn } from '../exports/reportColumns';
import { STRING, type Schema } from '../openapi/schemas';
import type { Bucket, Group } from './period';
import type { VisibleRecords } from './reportScope';

/** What a report's query receives: the period, its buckets and the organisation in scope. */
export interface ReportInput {
  from: string;
  to: string;
  group: Group;
  /** the organisation after the caller's scope was applied; null = every organisation */
  organization_id: number | null;
  /** the months or fiscal quarters of the period, clipped to it (period.ts `buckets`) */
  buckets: Bucket[];
  /**
   * the date the report is asked on (UTC, as the API reads dates): reports of points in time
   * have no numbers for points after it yet. Absent, nothing is cut off.
   */
  today?: string;
  /**
   * the records the caller sees, when fewer than the organisation's (reportScope.ts): the
   * referrals, SHSS plans and payments counted are narrowed to them. Absent, the organisation's.
   */
  records?: VisibleRecords | null;
}

/** A series point's `period` and `label` (contract/reports.ts `SeriesPoint`), for the answers' schemas. */
export const SERIES_POINT = { period: STRING, label: STRING };

/** The date a point in time after today is counted on: today (it has no numbers of its own yet). */
export function countedOn(date: string, today: string | undefined): string {
  return today !== undefined && today < date ? today : date;
}

/** A flat table of a report's numbers, for the CSV and XLSX downloads; its columns as server/exports/reportColumns.ts writes them. */
export interface ReportTable {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  /** the cells that count people or records, and how they add up (suppression.ts, `suppress_small`) */
  counts?: CountCells;
}

/** A cell of a table: its row's index and its column's key. */
export interface CellRef {
  row: number;
  column: string;
}

/**
 * The count cells of a table for small-count suppression: `lines` are sets of cells whose sum a
 * reader knows or can work out (a row with its total, a column whose total is published
 * elsewhere); `dependents` are cells that describe the same few people as a count cell
 * (a mean wait beside a count of initiations) and are withheld with it.
 */
export interface CountCells {
  cells: CellRef[];
  lines: CellRef[][];
  dependents?: { of: CellRef; cells: CellRef[] }[];
}

/** Facts the downloads print beside the numbers. */
export interface TableContext {
  from: string;
  to: string;
  organization_name: string;
  /** the download's language, for texts the report itself holds in both (the measures' definitions) */
  language: Language;
}

/**
 * One report: its URL name, its query, and the tables its downloads offer (`?table=`; the
 * first is the default). The query returns the JSON body after the common header
 * (`from`, `to`, `organization_id`, `generated_at`).
 */
export interface ReportDefinition<Result extends object = object> {
  name: string;
  title: string;
  /** the programme areas the report belongs to (/api/meta); absent: every organisation's */
  programs?: readonly ContractProgram[];
  /** the roles that may run it; every role when absent */
  roles?: readonly Role[];
  run: (knex: Knex, input: ReportInput) => Promise<Result>;
  /** the JSON schema of each property of the result, for the OpenAPI document (server/openapi/schemas.ts helpers) */
  answer: { [K in keyof Result & string]: Schema };
  tables: Record<string, (result: Result, context: TableContext) => ReportTable>;
  /**
   * the answer a download's table is built from, when the JSON answer holds only a first page of
   * that table's rows (the payment summary's `contracts`): the same answer with every row, read
   * again. Absent: the answer as it is.
   */
  forDownload?: (result: Result, table: string) => Promise<Result>;
  /** how each figure opens the records it counts (explain.ts); a report of work lists (reconciliation) has none */
  explain?: ReportExplanations;
  /**
   * its figures over the whole period, keyed as `explain` keys them (compare.ts compares and
   * trends them); a work list has none
   */
  figures?: (result: Result) => ReportFigures;
}

/** What one figure of a report is asked to explain. */
export interface ExplainInput {
  from: string;
  to: string;
  organization_id: number | null;
  /** the figure: a measure key, or a series of a dashboard report */
  key: string;
  /** one point of the series (a month `2025-04`, a fiscal quarter `FY2025-Q1`, a histogram bucket `31-60`); null = the whole period */
  bucket: string | null;
  today?: string;
  records?: VisibleRecords | null;
}

/** The keys a report explains, and for one of them the statement of its rows. */
export interface ReportExplanations {
  keys: readonly string[];
  /** throws ValidationError for a bucket the key does not have */
  figure: (input: ExplainInput) => ExplainedFigure;
}

/**
 * One figure as rows: `sql` selects `unit, id, child_id, date, contribution, detail` (explain.ts
 * adds the child's name as the caller may see it), one row per unit the definition counts; the
 * figure is `statistic` of the contributions, rounded to `decimals` as the report rounds it.
 */
export interface ExplainedFigure {
  unit: ExplanationUnit;
  statistic: ExplanationStatistic;
  /** null: a whole number */
  decimals: number | null;
  /** what the figure is, in a few words (a CSP measure: the ministry's name) */
  title: string;
  definition: string;
  /** the definition in French, where the report gives one (the CSP measures) */
  definition_fr?: string;
  /** the date a point in time is counted on (the earlier of its date and today); null for a period */
  as_of: string | null;
  sql: string;
  bindings: Record<string, unknown>;
}

/** `and <column> = :organization_id` when one organisation is asked for, nothing otherwise. */
export function organizationFilter(column: string, organizationId: number | null): string {
  return organizationId === null ? '' : `and ${column} = :organization_id`;
}

/** The buckets as a JSON binding, read in SQL with `jsonb_to_recordset(:buckets::jsonb)`. */
export function bucketsJson(buckets: Bucket[]): string {
  return JSON.stringify(buckets.map((b) => ({ period: b.period, start_date: b.start, end_date: b.end })));
}
