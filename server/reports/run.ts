import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { today } from '../dates';
import { buckets, type Group } from './period';
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
}

/** A report's JSON as GET /api/reports/<name> answers it, for a user (its scope decides the organisation). */
export async function runReport(knex: Knex, clock: () => Date, user: CurrentUser, name: string, run: ReportRun): Promise<Record<string, unknown>> {
  const report = REPORTS.get(name)!;
  const scope = reportScope(user, run.organization_id, today(clock));
  const organizationId = scope.organization_id;
  const result = await report.run(knex, {
    from: run.from,
    to: run.to,
    group: run.group ?? 'month',
    organization_id: organizationId,
    buckets: buckets(run.from, run.to, run.group ?? 'month'),
    today: today(clock),
    records: scope.records,
  });
  return { from: run.from, to: run.to, organization_id: organizationId, generated_at: clock().toISOString(), ...result };
}

