import type { Knex } from 'knex';
import { SUBMISSION_PERIODS, type ReportSubmission, type SubmissionPeriod, type SubmittedMeasure } from '../../contract/submissions';
import { SUBMITTERS, type CurrentUser } from '../access/roles';
import { writeAudit } from '../audit';
import { addDays, presetPeriod, today as todayOf } from '../dates';
import { ForbiddenError, RuleError, ValidationError } from '../errors';
import { say } from '../messages';
import { explainedFigure } from '../reports/explain';
import { REPORTS } from '../reports/registry';
import { reportOrganization } from '../reports/reportScope';
import { countedOn, type ExplainedFigure } from '../reports/types';
import { compileCheck } from '../validation';
import { digestSql, mergedBindings, packedRows } from './content';

/**
 * POST /api/report_submissions: an organisation administrator or a coordinator submits its
 * organisation's CSP measures for a fiscal year's interim or final period, once the period has
 * ended. One statement reads every measure's explanation rows (so all of them, and the values
 * they give, come from one snapshot), packs them, signs the whole (content.ts) and writes the
 * submission and its measures; around it one transaction takes the organisation's submission
 * lock, numbers the revision and writes the audit row. A revision after the first needs a reason.
 */
export interface SubmitInput {
  fiscal_year: number;
  period: SubmissionPeriod;
  organization_id?: number | null;
  note?: string | null;
  reason?: string | null;
}

const TEXT = { type: ['string', 'null'], maxLength: 2000 };

export const SUBMIT_BODY = {
  type: 'object',
  required: ['fiscal_year', 'period'],
  properties: {
    fiscal_year: { type: 'integer', minimum: 1900, maximum: 2999, 'x-message': say('field_fiscal_year_submit') },
    period: { enum: SUBMISSION_PERIODS, 'x-message': say('field_one_of_capital', { values: SUBMISSION_PERIODS.join(', ') }) },
    organization_id: { type: ['integer', 'null'], minimum: 1 },
    note: TEXT,
    reason: TEXT,
  },
  additionalProperties: false,
} as const;

const checkBody = compileCheck<SubmitInput>(SUBMIT_BODY);

/** A text as stored: trimmed, and a blank one as none. */
const trimmed = (text: string | null | undefined) => (text && text.trim() !== '' ? text.trim() : null);

/** The fiscal year as the ministry names it: 2026–27. */
export const fiscalYearLabel = (fiscalYear: number) => `${fiscalYear}–${String((fiscalYear + 1) % 100).padStart(2, '0')}`;

function submissionStatement(figures: ExplainedFigure[]): string {
  const packed = figures
    .map((figure, i) => {
      const p = packedRows(figure);
      return `select ${i + 1} as position, ${p.count} as row_count, ${p.value} as value, ${p.rows} as rows from (${figure.sql}) x`;
    })
    .join('\nunion all\n');
  const header = {
    organization_id: ':submission_organization_id',
    fiscal_year: ':submission_fiscal_year',
    period: ':submission_period',
    period_from: ':submission_from',
    period_to: ':submission_to',
    as_of: ':submission_as_of',
  };
  return `
with meta as (
  select * from jsonb_to_recordset(:submission_meta::jsonb)
    as meta(position int, measure_key text, name text, definition text, definition_fr text, unit text, statistic text, decimals int, as_of date)
),
packed as materialized (
${packed}
),
measures as materialized (select meta.*, packed.row_count, packed.value, packed.rows from meta join packed using (position)),
header as (
  insert into report_submissions (organization_id, fiscal_year, period, revision, period_from, period_to, as_of, note, reason,
                                  submitted_by, submitted_by_name, submitted_at, row_count, digest, created_at, updated_at)
  select ${header.organization_id}::bigint, ${header.fiscal_year}::int, ${header.period}::text, :submission_revision::int,
         ${header.period_from}::date, ${header.period_to}::date, ${header.as_of}::date, :submission_note::text, :submission_reason::text,
         :submission_user_id::bigint, :submission_user_name::text, :submission_now::timestamptz,
         (select coalesce(sum(row_count), 0)::int from measures), (select ${digestSql(header, 'm')} from measures m),
         :submission_now::timestamptz, :submission_now::timestamptz
  returning *
),
inserted as (
  insert into report_submission_measures (submission_id, position, measure_key, name, definition, definition_fr, value, unit, statistic, decimals, as_of,
                                          row_count, rows, created_at, updated_at)
  select header.id, m.position, m.measure_key, m.name, m.definition, m.definition_fr, m.value, m.unit, m.statistic, m.decimals, m.as_of,
         m.row_count, m.rows, :submission_now::timestamptz, :submission_now::timestamptz
  from measures m cross join header
  returning position, measure_key, name, definition, definition_fr, value, unit, statistic, decimals, as_of, row_count
)
select (select to_jsonb(header) from header) as submission,
       (select jsonb_agg(to_jsonb(inserted) order by position) from inserted) as measures`;
}

/** The stored measure as the API answers it (numbers as numbers, no rows). */
export function submittedMeasure(row: Record<string, unknown>): SubmittedMeasure {
  return {
    key: String(row.measure_key),
    name: String(row.name),
    definition: String(row.definition),
    definition_fr: (row.definition_fr as string | null) ?? null,
    value: row.value === null ? null : Number(row.value),
    unit: row.unit as SubmittedMeasure['unit'],
    statistic: row.statistic as SubmittedMeasure['statistic'],
    decimals: row.decimals === null ? null : Number(row.decimals),
    as_of: (row.as_of as string | null) ?? null,
    row_count: Number(row.row_count),
  };
}

export async function submitMeasures(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  body: unknown,
  ip: string | null,
): Promise<ReportSubmission & { measures: SubmittedMeasure[] }> {
  if (!SUBMITTERS.includes(user.role)) throw new ForbiddenError(say('role_may_not_submit', { role: user.role }));
  const input = checkBody(body);
  const organizationId = reportOrganization(user, input.organization_id ?? null)!;
  const { from, to } = presetPeriod(input.period, input.fiscal_year);
  const today = todayOf(clock);
  if (today <= to) {
    throw new RuleError(say('period_not_over', { period: input.period, year: fiscalYearLabel(input.fiscal_year), date: to, from: addDays(to, 1) }), {
      period: say('field_ends_on', { date: to }),
    });
  }
  const report = REPORTS.get('csp-measures')!;
  const figures = report.explain!.keys.map((key) => explainedFigure(report, { from, to, organization_id: organizationId, key, bucket: null, today, records: null }));
  const meta = figures.map((figure, i) => ({
    position: i + 1,
    measure_key: report.explain!.keys[i],
    name: figure.title,
    definition: figure.definition,
    definition_fr: figure.definition_fr ?? null,
    unit: figure.unit,
    statistic: figure.statistic,
    decimals: figure.decimals,
    as_of: figure.as_of,
  }));
  const note = trimmed(input.note);
  const reason = trimmed(input.reason);

  return knex.transaction(async (trx) => {
    // One submission at a time per organisation, so two cannot take the same revision.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?), ?::int)', ['report_submissions', organizationId]);
    const latest = await trx('report_submissions').where({ organization_id: organizationId, fiscal_year: input.fiscal_year, period: input.period }).max('revision as revision').first();
    const revision = Number(latest?.revision ?? 0) + 1;
    if (revision > 1 && reason === null) {
      throw new ValidationError(say('resubmission_reason'), {
        reason: say('field_resubmission_reason', { revision, previous: revision - 1 }),
      });
    }
    if (revision === 1 && reason !== null) {
      throw new ValidationError(say('first_submission_no_reason'), { reason: say('field_first_submission') });
    }
    const now = clock().toISOString();
    const { rows } = await trx.raw<{ rows: { submission: ReportSubmission; measures: Record<string, unknown>[] }[] }>(submissionStatement(figures), {
      ...mergedBindings(figures),
      submission_meta: JSON.stringify(meta),
      submission_organization_id: organizationId,
      submission_fiscal_year: input.fiscal_year,
      submission_period: input.period,
      submission_from: from,
      submission_to: to,
      submission_as_of: countedOn(to, today),
      submission_revision: revision,
      submission_note: note,
      submission_reason: reason,
      submission_user_id: user.id,
      submission_user_name: user.full_name,
      submission_now: now,
    });
    const submission = storedSubmission(rows[0].submission);
    await writeAudit(trx, {
      user_id: user.id,
      action: 'submit',
      resource: 'report_submissions',
      record_id: submission.id,
      after: { organization_id: organizationId, fiscal_year: input.fiscal_year, period: input.period, revision, note, reason, row_count: submission.row_count, digest: submission.digest },
      ip,
    });
    return { ...submission, measures: rows[0].measures.map(submittedMeasure) };
  });
}

/** A submission row read back as jsonb (`to_jsonb`): instants as ISO-8601 with Z, as the API sends them. */
function storedSubmission(row: ReportSubmission): ReportSubmission {
  const instant = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return { ...row, submitted_at: instant(row.submitted_at)!, withdrawn_at: instant(row.withdrawn_at), created_at: instant(row.created_at)!, updated_at: instant(row.updated_at)! };
}
