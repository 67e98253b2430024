import { endOfMonth } from '../dates';
import type { ReportInput } from './types';

/**
 * When a report reads the rollups (migrations 20261201170000–20261201170002 and 20261202100000;
 * docs/reports.md "Rollups") instead of its base tables: only when they give exactly the same numbers. The
 * rollups count whole organisations, so a caller who sees fewer records than its organisation's
 * (`records`: programme managers, portal workers, coordinators) is answered from the base
 * tables; a rollup of calendar months answers only a period of whole months.
 *
 * - `whole months`: the rollup's rows are calendar months of a date (referral_date): the period
 *   must start on a first and end on a last day of a month.
 * - `service months`: the report itself takes every service month the period overlaps, so any
 *   period is a set of whole rollup rows.
 * - `days`: the rollup's rows are days (rollup_active_plans, migration 20261202100000;
 *   rollup_activity_hours, migration 20261203100000): any point in time or period is answered.
 */
export type RollupGrain = 'whole months' | 'service months' | 'days';

export function rollupsAnswer(input: Pick<ReportInput, 'from' | 'to' | 'records'>, grain: RollupGrain): boolean {
  if (input.records) return false;
  return grain !== 'whole months' || (input.from.endsWith('-01') && input.to === endOfMonth(input.to));
}
