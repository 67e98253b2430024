import type { Knex } from 'knex';
import type { ContractProgram, Role } from '../../contract/enums';
import type { Bucket, Group } from './period';

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
}

export interface Column {
  key: string;
  header: string;
}

/** A flat table of a report's numbers, for the CSV and XLSX downloads. */
export interface ReportTable {
  columns: Column[];
  rows: Record<string, unknown>[];
}

/** Facts the downloads print beside the numbers. */
export interface TableContext {
  from: string;
  to: string;
  organization_name: string;
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
  tables: Record<string, (result: Result, context: TableContext) => ReportTable>;
}

/** `and <column> = :organization_id` when one organisation is asked for, nothing otherwise. */
export function organizationFilter(column: string, organizationId: number | null): string {
  return organizationId === null ? '' : `and ${column} = :organization_id`;
}

/** The buckets as a JSON binding, read in SQL with `jsonb_to_recordset(:buckets::jsonb)`. */
export function bucketsJson(buckets: Bucket[]): string {
  return JSON.stringify(buckets.map((b) => ({ period: b.period, start_date: b.start, end_date: b.end })));
}
