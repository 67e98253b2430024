import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { today } from '../dates';
import { primaryReads, readFields, type ReadRouting, type ReadSource } from '../db/readRouting';
import { buckets, type Bucket, type Group } from './period';
import { REPORTS } from './registry';
import { reportScope } from './reportScope';

/**
 * Runs a report for a user: the organisation and the records its scope allows (reportScope.ts),
 * the period's buckets, and the common header. GET /api/reports/<name>, the dashboards' built-in
 * cards and report packs all answer this.
 */
export interface ReportRun {
  from: string;
  to: string;
  /** the organisation asked for, before the user's scope decides */
  organization_id: number | null;
  group?: Group;
  /** the series' points when not the months or quarters of the period (a trend asks for one: the whole period) */
  buckets?: Bucket[];
}

/**
 * A report's JSON as GET /api/reports/<name> answers it, for a user (its scope decides the
 * organisation), read where `reads` says (a reports standby when configured: server/db/readRouting.ts)
 * and saying so in `data_as_of`, `read_from` and `read_note`.
 */
export async function runReport(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  reads: ReadRouting = primaryReads(knex, clock),
): Promise<Record<string, unknown> & Pick<ReadSource, 'data_as_of' | 'read_from' | 'read_note'>> {
  const report = REPORTS.get(name)!;
  const scope = reportScope(user, run.organization_id, today(clock));
  const organizationId = scope.organization_id;
  const input = {
    from: run.from,
    to: run.to,
    group: run.group ?? 'month',
    organization_id: organizationId,
    buckets: run.buckets ?? buckets(run.from, run.to, run.group ?? 'month'),
    today: today(clock),
    records: scope.records,
  };
  const { result, source } = await reads.read((readKnex) => report.run(readKnex, input));
  return { from: run.from, to: run.to, organization_id: organizationId, generated_at: clock().toISOString(), ...readFields(source), ...result };
}

