import type { Knex } from 'knex';
import type { DifferenceRow, MeasureDifference, ReportSubmission } from '../../contract/submissions';
import { NotFoundError } from '../errors';
import { say } from '../messages';
import { runConcurrently } from '../reports/concurrent';
import { childName, explainedFigure, statisticSql } from '../reports/explain';
import { REPORTS } from '../reports/registry';
import type { VisibleRecords } from '../reports/reportScope';
import type { ExplainedFigure } from '../reports/types';
import { frozenFigure, mergedBindings, UNPACKED_ROWS, type StoredMeasure } from './content';

/**
 * A submission's measures (`before`) beside another state of them (`after`), and the
 * difference of their explanation rows, matched by (unit, id): rows counted after and not
 * before (`added`: a referral entered late), counted before and not after (`removed`: a plan's
 * discharge reason corrected moves the child from one discharge measure to another), and
 * counted both times with another contribution (hours corrected).
 *
 * - drift: the submission beside today's numbers for the same organisation and period — the
 *   report's own explanation rows (server/reports/explain.ts), so today's value is the report's;
 * - changes: a resubmission's revision before it beside the resubmission's own frozen rows.
 *
 * Every measure is compared in one statement, from one snapshot.
 */
export type Comparison = (measure: StoredMeasure) => ExplainedFigure | null;

/** Today's explanation rows of each measure, for the submission's period and organisation. */
export function liveRows(submission: ReportSubmission, today: string): Comparison {
  const report = REPORTS.get('csp-measures')!;
  return (measure) =>
    report.explain!.keys.includes(measure.measure_key)
      ? explainedFigure(report, {
          from: submission.period_from,
          to: submission.period_to,
          organization_id: submission.organization_id,
          key: measure.measure_key,
          bucket: null,
          today,
          records: null,
        })
      : null;
}

/** Each measure's frozen rows in another submission. */
export function frozenRows(submission: ReportSubmission): Comparison {
  return (measure) => frozenFigure(submission.id, measure);
}

/** The rows after (`l`) beside the rows before (`s`: measure `:<keyParam>` of submission `:before_submission_id`), by unit and id. */
function joined(figure: ExplainedFigure, keyParam: string): string {
  return `(select x.unit::text as unit, x.id::bigint as id, x.child_id::bigint as child_id, x.date::date as date,
                  x.contribution::numeric as contribution, x.detail::text as detail
           from (${figure.sql}) x) l
full join (${UNPACKED_ROWS} where m.submission_id = :before_submission_id and m.measure_key = :${keyParam}) s
  on s.unit = l.unit and s.id = l.id`;
}

const DIFFERS = 's.id is null or l.id is null or l.contribution <> s.contribution';

const storedMeasures = (knex: Knex, submission: ReportSubmission): Promise<StoredMeasure[]> =>
  knex('report_submission_measures')
    .where({ submission_id: submission.id })
    .orderBy('position')
    .select('position', 'measure_key', 'name', 'definition', 'definition_fr', 'value', 'unit', 'statistic', 'decimals', 'as_of');

/** Every measure of `before` beside `after`, in the order of `before`. */
export async function measureDifferences(knex: Knex, before: ReportSubmission, after: Comparison): Promise<MeasureDifference[]> {
  const stored = await storedMeasures(knex, before);
  const bindings: Record<string, unknown> = { before_submission_id: before.id };
  const figures: ExplainedFigure[] = [];
  const parts: string[] = [];
  for (const measure of stored) {
    const figure = after(measure);
    if (!figure) continue;
    figures.push(figure);
    bindings[`before_key_${measure.position}`] = measure.measure_key;
    parts.push(`select ${measure.position} as position, ${statisticSql(figure, 'l.contribution')}::float8 as after,
       count(*) filter (where s.id is null)::int as added,
       count(*) filter (where l.id is null)::int as removed,
       count(*) filter (where l.id is not null and s.id is not null and l.contribution <> s.contribution)::int as contribution_changed
from ${joined(figure, `before_key_${measure.position}`)}`);
  }
  const [rows] = parts.length ? await runConcurrently<Record<string, number>>(knex, [[parts.join('\nunion all\n')]], { ...mergedBindings(figures), ...bindings }) : [[]];
  const compared = new Map(rows.map((row) => [row.position, row]));
  return stored.map((measure): MeasureDifference => {
    const row = compared.get(measure.position);
    const beforeValue = measure.value === null ? null : Number(measure.value);
    const afterValue = row ? (row.after ?? null) : null;
    const counts = { added: row?.added ?? 0, removed: row?.removed ?? 0, contribution_changed: row?.contribution_changed ?? 0 };
    return {
      key: measure.measure_key,
      name: measure.name,
      before: beforeValue,
      after: afterValue,
      changed: !row || afterValue !== beforeValue || counts.added + counts.removed + counts.contribution_changed > 0,
      ...counts,
    };
  });
}

export const DIFFERENCE_COLUMNS = ['change', 'unit', 'id', 'child_id', 'child_name', 'date', 'before_contribution', 'after_contribution', 'detail'] as const;
export type DifferenceSort = [(typeof DIFFERENCE_COLUMNS)[number], 'ASC' | 'DESC'];

/** The rows of measure `key` that differ between `before` and `after`, with the names the caller may see: one page, and how many there are. */
export async function differenceRows(
  knex: Knex,
  before: ReportSubmission,
  after: Comparison,
  key: string,
  names: VisibleRecords | null,
  page: { sort: DifferenceSort; range: [number, number] },
): Promise<{ rows: DifferenceRow[]; total: number }> {
  const measure = (await storedMeasures(knex, before)).find((m) => m.measure_key === key);
  if (!measure) throw new NotFoundError(say('no_submission_measure', { id: before.id, key }));
  const figure = after(measure);
  if (!figure) throw new NotFoundError(say('no_measure_today', { key }));
  const [field, order] = page.sort;
  const [start, end] = page.range;
  const from = `from ${joined(figure, 'before_key')}\nleft join children c on c.id = coalesce(l.child_id, s.child_id)\nwhere ${DIFFERS}`;
  const bindings = { ...figure.bindings, ...(names?.bindings ?? {}), before_submission_id: before.id, before_key: key };
  const [counted, rows] = await runConcurrently<Record<string, unknown>>(
    knex,
    [
      [
        `select count(*)::int as total ${from}`,
        `select * from (
  select case when s.id is null then 'added' when l.id is null then 'removed' else 'changed' end as change,
         coalesce(l.unit, s.unit) as unit, coalesce(l.id, s.id)::int as id, coalesce(l.child_id, s.child_id)::int as child_id,
         ${childName(names)} as child_name, coalesce(l.date, s.date) as date,
         s.contribution::float8 as before_contribution, l.contribution::float8 as after_contribution,
         coalesce(l.detail, s.detail) as detail
  ${from}
) d
order by ${field} ${order} nulls last, unit, id
limit ${end - start + 1} offset ${start}`,
      ],
    ],
    bindings,
  );
  return { rows: rows as unknown as DifferenceRow[], total: Number(counted[0].total) };
}
