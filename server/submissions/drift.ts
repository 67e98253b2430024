import type { Knex } from 'knex';
import type { DriftRow, MeasureDrift, ReportSubmission, SubmissionDrift } from '../../contract/submissions';
import { NotFoundError } from '../errors';
import { runConcurrently } from '../reports/concurrent';
import { childName, explainedFigure, statisticSql } from '../reports/explain';
import { REPORTS } from '../reports/registry';
import type { VisibleRecords } from '../reports/reportScope';
import { countedOn, type ExplainedFigure } from '../reports/types';
import { mergedBindings, UNPACKED_ROWS } from './content';

/**
 * Drift: a submission beside today's numbers for the same organisation and period. For each
 * measure, today's value and the difference of the explanation rows, by (unit, id): rows
 * counted today and not then (`added`: a referral entered late), counted then and not today
 * (`removed`: a plan's discharge reason corrected moves the child from one discharge measure
 * to another), and counted both times with another contribution (hours corrected). Today's rows
 * are the report's own explanation rows (server/reports/explain.ts), so today's value is the
 * report's; every measure is read in one statement, from one snapshot.
 */
const measures = () => REPORTS.get('csp-measures')!;

/** Today's explanation statement of one measure of the submission's period and organisation. */
function liveFigure(submission: ReportSubmission, key: string, today: string): ExplainedFigure | null {
  const report = measures();
  if (!report.explain!.keys.includes(key)) return null;
  return explainedFigure(report, {
    from: submission.period_from,
    to: submission.period_to,
    organization_id: submission.organization_id,
    key,
    bucket: null,
    today,
    records: null,
  });
}

/** Today's rows `l` beside the submitted rows `s` of measure `:<keyParam>`, matched by unit and id. */
function joined(figure: ExplainedFigure, keyParam: string): string {
  return `(select x.unit::text as unit, x.id::bigint as id, x.child_id::bigint as child_id, x.date::date as date,
                  x.contribution::numeric as contribution, x.detail::text as detail
           from (${figure.sql}) x) l
full join (${UNPACKED_ROWS} where m.submission_id = :drift_submission_id and m.measure_key = :${keyParam}) s
  on s.unit = l.unit and s.id = l.id`;
}

const DIFFERS = 's.id is null or l.id is null or l.contribution <> s.contribution';

type StoredMeasure = { position: number; measure_key: string; name: string; value: number | null };

export async function submissionDrift(knex: Knex, submission: ReportSubmission, today: string, checkedAt: string): Promise<SubmissionDrift> {
  const stored: StoredMeasure[] = await knex('report_submission_measures')
    .where({ submission_id: submission.id })
    .orderBy('position')
    .select('position', 'measure_key', 'name', 'value');
  const bindings: Record<string, unknown> = { drift_submission_id: submission.id };
  const figures: ExplainedFigure[] = [];
  const parts: string[] = [];
  for (const measure of stored) {
    const figure = liveFigure(submission, measure.measure_key, today);
    if (!figure) continue;
    figures.push(figure);
    bindings[`drift_key_${measure.position}`] = measure.measure_key;
    parts.push(`select ${measure.position} as position, ${statisticSql(figure, 'l.contribution')}::float8 as live,
       count(*) filter (where s.id is null)::int as added,
       count(*) filter (where l.id is null)::int as removed,
       count(*) filter (where l.id is not null and s.id is not null and l.contribution <> s.contribution)::int as contribution_changed
from ${joined(figure, `drift_key_${measure.position}`)}`);
  }
  const [rows] = parts.length ? await runConcurrently<Record<string, number>>(knex, [[parts.join('\nunion all\n')]], { ...mergedBindings(figures), ...bindings }) : [[]];
  const live = new Map(rows.map((row) => [row.position, row]));
  return {
    submission_id: submission.id,
    as_of: countedOn(submission.period_to, today),
    checked_at: checkedAt,
    measures: stored.map((measure): MeasureDrift => {
      const row = live.get(measure.position);
      const submitted = measure.value === null ? null : Number(measure.value);
      const todays = row ? (row.live ?? null) : null;
      const counts = { added: row?.added ?? 0, removed: row?.removed ?? 0, contribution_changed: row?.contribution_changed ?? 0 };
      return {
        key: measure.measure_key,
        name: measure.name,
        submitted,
        live: todays,
        changed: !row || todays !== submitted || counts.added + counts.removed + counts.contribution_changed > 0,
        ...counts,
      };
    }),
  };
}

export const DRIFT_COLUMNS = ['change', 'unit', 'id', 'child_id', 'child_name', 'date', 'submitted_contribution', 'live_contribution', 'detail'] as const;
export type DriftSort = [(typeof DRIFT_COLUMNS)[number], 'ASC' | 'DESC'];

/** The rows of one measure that differ, with the names the caller may see: one page, and how many there are. */
export async function driftRows(
  knex: Knex,
  submission: ReportSubmission,
  key: string,
  today: string,
  names: VisibleRecords | null,
  page: { sort: DriftSort; range: [number, number] },
): Promise<{ rows: DriftRow[]; total: number }> {
  const figure = liveFigure(submission, key, today);
  if (!figure) throw new NotFoundError(`The CSP measures have no measure ${key} today`);
  const [field, order] = page.sort;
  const [start, end] = page.range;
  const from = `from ${joined(figure, 'drift_key')}\nleft join children c on c.id = coalesce(l.child_id, s.child_id)\nwhere ${DIFFERS}`;
  const bindings = { ...figure.bindings, ...(names?.bindings ?? {}), drift_submission_id: submission.id, drift_key: key };
  const [counted, rows] = await runConcurrently<Record<string, unknown>>(
    knex,
    [
      [
        `select count(*)::int as total ${from}`,
        `select * from (
  select case when s.id is null then 'added' when l.id is null then 'removed' else 'changed' end as change,
         coalesce(l.unit, s.unit) as unit, coalesce(l.id, s.id)::int as id, coalesce(l.child_id, s.child_id)::int as child_id,
         ${childName(names)} as child_name, coalesce(l.date, s.date) as date,
         s.contribution::float8 as submitted_contribution, l.contribution::float8 as live_contribution,
         coalesce(l.detail, s.detail) as detail
  ${from}
) d
order by ${field} ${order} nulls last, unit, id
limit ${end - start + 1} offset ${start}`,
      ],
    ],
    bindings,
  );
  return { rows: rows as unknown as DriftRow[], total: Number(counted[0].total) };
}
