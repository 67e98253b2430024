import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { today } from '../dates';
import { primaryReads, readFields, type ReadRouting, type ReadSource } from '../db/readRouting';
import { buckets, type Group } from './period';
import { REPORTS } from './registry';
import { recordsKey, reportScope } from './reportScope';
import type { ReportMemo } from './runMemo';
import type { ReportInput } from './types';

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

/** Everything a run reads, the scope as the records it counts (runMemo.ts). */
function memoKey(name: string, { records, ...input }: ReportInput): string {
  return JSON.stringify([name, input, recordsKey(records)]);
}

/** `value` and everything in it made read-only, in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * A read shared through `memo`, its result frozen: what one request does with it cannot reach
 * another's, and nobody pays for a copy (a copy of the payment summary's 2,500 contract rows at a
 * million children was a third of its request). Only a plain primary read is kept after its
 * run: a standby's answer (or the primary's in its stead, with a note) is as fresh as the lag
 * check made at each read says, so it is shared while it runs and not after
 * (REPLICA_MAX_LAG_S holds for every answer).
 */
function sharedRead<T>(memo: ReportMemo, key: string, read: () => Promise<{ result: T; source: ReadSource }>) {
  const frozenRead = async () => {
    const answer = await read();
    return { result: deepFreeze(answer.result), source: answer.source };
  };
  return memo.share(key, frozenRead, (answer) => answer.source.read_from === 'primary' && answer.source.read_note === null);
}

/**
 * A report's JSON as GET /api/reports/<name> answers it, for a user (its scope decides the
 * organisation), read where `reads` says (a reports standby when configured: server/db/readRouting.ts)
 * and saying so in `data_as_of`, `read_from` and `read_note`. With a `memo`, a run asked for again
 * within a moment is answered once (runMemo.ts); `generated_at` is still this answer's.
 */
export async function runReport(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  reads: ReadRouting = primaryReads(knex, clock),
  memo?: ReportMemo,
): Promise<Record<string, unknown> & Pick<ReadSource, 'data_as_of' | 'read_from' | 'read_note'>> {
  const report = REPORTS.get(name)!;
  const scope = reportScope(user, run.organization_id, today(clock));
  const organizationId = scope.organization_id;
  const input = {
    from: run.from,
    to: run.to,
    group: run.group ?? 'month',
    organization_id: organizationId,
    buckets: buckets(run.from, run.to, run.group ?? 'month'),
    today: today(clock),
    records: scope.records,
  };
  const read = () => reads.read((readKnex) => report.run(readKnex, input));
  const { result, source } = memo ? await sharedRead(memo, memoKey(name, input), read) : await read();
  return { from: run.from, to: run.to, organization_id: organizationId, generated_at: clock().toISOString(), ...readFields(source), ...result };
}

