import type { Knex } from 'knex';
import type { FilterContext } from '../resources/listQuery';
import { bucketSql } from './buckets';
import type { ResolvedQuestion } from './spec';

/**
 * Questions a report rollup answers exactly (docs/questions.md "Answered from the rollups"): a
 * rollup that counts a resource's rows per day answers a count of those rows by date buckets of
 * that day — summing one row per organisation and day instead of reading every record.
 *
 * Only when nothing narrows the rows: the rollups count whole organisations, so the question
 * must have no filter (its own or a dashboard's), and the asker's scope on the resource must be
 * every row (`'all'`). The rollup is kept in the same transaction as the rows it counts and
 * checked against them (`rollup_differences()`, after every test file), so the answer is the
 * one the base table gives. Anything else is answered from the base table.
 */
export interface QuestionRollup {
  /** the resource whose rows the rollup counts */
  resource: string;
  /** the rollup table, one row per organisation and day */
  table: string;
  /** the resource's date field the day is of, and the rollup's column holding that day */
  day: { field: string; column: string };
  /** the rollup's column counting the resource's rows of its organisation and day */
  rows: string;
}

export const QUESTION_ROLLUPS: readonly QuestionRollup[] = [
  // migration 20261203100000: every service activity, by its plan's organisation and activity_date
  { resource: 'service_activities', table: 'rollup_activity_hours', day: { field: 'activity_date', column: 'day' }, rows: 'activities' },
];

function answeringRollup(question: ResolvedQuestion, context: FilterContext, extraFilter: Record<string, unknown>): QuestionRollup | null {
  const rollup = QUESTION_ROLLUPS.find((r) => r.resource === question.declaration.name);
  if (!rollup || question.measure.fn !== 'count') return null;
  if (Object.keys(question.filter).length > 0 || Object.keys(extraFilter).length > 0) return null;
  if (question.declaration.scope(context.user) !== 'all') return null;
  const byDay = question.groups.every((group) => group.bucket !== null && group.field.via === null && group.field.field.name === rollup.day.field);
  return byDay ? rollup : null;
}

/**
 * The question's groups and counts from a rollup, as `g0…, value` rows (compile.ts puts them in
 * order, titles and cuts them as any other); null when no rollup answers it. A bucket whose days
 * count no rows (a rollup row can fall back to 0 after deletes) is left out, as the base table
 * would have no row for it; without groups, the count of nothing is 0.
 */
export function rolledUpGroups(question: ResolvedQuestion, context: FilterContext, extraFilter: Record<string, unknown>, db: Knex | Knex.Transaction): Knex.QueryBuilder | null {
  const rollup = answeringRollup(question, context, extraFilter);
  if (!rollup) return null;
  if (question.groups.length === 0) return db.from(`${rollup.table} as r`).select(db.raw(`coalesce(sum(r.${rollup.rows}), 0)::bigint as value`));
  // the days first (one row per organisation and day becomes one per day), as compile.ts's bucketedByDay
  const days = db.from(`${rollup.table} as r`).select(db.raw(`r.${rollup.day.column} as day`), db.raw(`sum(r.${rollup.rows}) as n`)).groupByRaw('1');
  const buckets = question.groups.map((group) => bucketSql(group.bucket!, 'd.day', 'date'));
  return db
    .from(days.as('d'))
    .select([...buckets.map((sql, i) => db.raw(`${sql} as g${i}`)), db.raw('sum(d.n)::bigint as value')])
    .groupByRaw(buckets.map((_, i) => String(i + 1)).join(', '))
    .havingRaw('sum(d.n) > 0');
}
