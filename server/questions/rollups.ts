import type { Knex } from 'knex';
import type { FilterContext } from '../resources/listQuery';
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
 * The question's counts per day from a rollup, as compile.ts's per-day rows (`d0…` the day for
 * each group, `value` the day's count; one row, the whole count, without groups), which it
 * buckets, orders, titles and cuts as any other; null when no rollup answers the question.
 */
export function rolledUpDays(question: ResolvedQuestion, context: FilterContext, extraFilter: Record<string, unknown>, db: Knex | Knex.Transaction): Knex.QueryBuilder | null {
  const rollup = answeringRollup(question, context, extraFilter);
  if (!rollup) return null;
  const day = `r.${rollup.day.column}`;
  const days = db.from(`${rollup.table} as r`).select([...question.groups.map((_, i) => db.raw(`${day} as d${i}`)), db.raw(`sum(r.${rollup.rows}) as value`)]);
  return question.groups.length ? days.groupByRaw(day) : days;
}
