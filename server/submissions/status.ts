import type { Knex } from 'knex';
import {
  SUBMISSION_PERIODS,
  type DueDateSource,
  type SubmissionPeriod,
  type SubmissionStatusAnswer,
  type SubmissionStatusRow,
} from '../../contract/submissions';
import { isGlobalReader, SUBMITTERS, type CurrentUser } from '../access/roles';
import { formatDate, presetPeriod } from '../dates';
import { reportOrganization } from '../reports/reportScope';

/**
 * Who has submitted what for a fiscal year (GET /api/report_submissions/status): per
 * organisation and period, not submitted / submitted (on a date, by whom) / resubmitted, and
 * when it is due. The ministry sees every coordinating agency (the organisations that report
 * the CSP measures) and any other organisation that has submitted; an organisation's roles see
 * their own.
 *
 * Due dates: the organisation's own row of `submission_due_dates` for the year (its
 * agreement), else the year's row for every organisation, else the defaults: interim — April
 * to December — due January 31, final — the whole year — due April 30, a month after the year
 * ends (the ministry's usual quarterly rhythm: a report a month after the quarter).
 */
export const DEFAULT_DUE = { interim: [1, 31], final: [4, 30] } as const satisfies Record<SubmissionPeriod, readonly [number, number]>;

export function defaultDueOn(fiscalYear: number, period: SubmissionPeriod): string {
  const [month, day] = DEFAULT_DUE[period];
  return formatDate(fiscalYear + 1, month, day);
}

type DueRow = { organization_id: number | null; interim_due_on: string; final_due_on: string };
type SubmissionRow = { id: number; organization_id: number; period: SubmissionPeriod; revision: number; submitted_at: string; submitted_by: number; submitted_by_name: string; digest: string };

function dueDate(fiscalYear: number, period: SubmissionPeriod, own: DueRow | undefined, year: DueRow | undefined): { due_on: string; due_source: DueDateSource } {
  const column = `${period}_due_on` as const;
  if (own) return { due_on: own[column], due_source: 'organization' };
  if (year) return { due_on: year[column], due_source: 'fiscal_year' };
  return { due_on: defaultDueOn(fiscalYear, period), due_source: 'default' };
}

export async function submissionStatus(
  knex: Knex,
  user: CurrentUser,
  query: { fiscal_year: number; organization_id: number | null },
  today: string,
): Promise<SubmissionStatusAnswer> {
  const fiscalYear = query.fiscal_year;
  const organizationId = reportOrganization(user, query.organization_id);
  const organizations: { id: number; name: string }[] = await knex('organizations as o')
    .modify((q) => {
      if (organizationId !== null) q.where('o.id', organizationId);
      // an organisation's own roles see their own, whatever its kind
      if (isGlobalReader(user)) {
        q.where((w) =>
          w.where('o.kind', 'coordinating_agency').orWhereExists(knex('report_submissions as r').whereRaw('r.organization_id = o.id').where('r.fiscal_year', fiscalYear)),
        );
      }
    })
    .orderBy(['o.name', 'o.id'])
    .select('o.id', 'o.name');
  const ids = organizations.map((o) => o.id);
  const [dues, submissions]: [DueRow[], SubmissionRow[]] = await Promise.all([
    knex('submission_due_dates').where('fiscal_year', fiscalYear).select('organization_id', 'interim_due_on', 'final_due_on'),
    knex('report_submissions')
      .where('fiscal_year', fiscalYear)
      .whereNull('withdrawn_at')
      .whereIn('organization_id', ids)
      .orderBy(['organization_id', 'period', 'revision'])
      .select('id', 'organization_id', 'period', 'revision', 'submitted_at', 'submitted_by', 'submitted_by_name', 'digest'),
  ]);
  const yearDue = dues.find((d) => d.organization_id === null);
  const rows: SubmissionStatusRow[] = organizations.flatMap((organization) =>
    SUBMISSION_PERIODS.map((period) => {
      const revisions = submissions.filter((s) => s.organization_id === organization.id && s.period === period);
      const current = revisions.at(-1) ?? null;
      const due = dueDate(fiscalYear, period, dues.find((d) => d.organization_id === organization.id), yearDue);
      const first = revisions[0]?.submitted_at ?? null;
      return {
        organization_id: organization.id,
        organization_name: organization.name,
        fiscal_year: fiscalYear,
        period,
        period_from: presetPeriod(period, fiscalYear).from,
        period_to: presetPeriod(period, fiscalYear).to,
        ...due,
        status: current === null ? 'not_submitted' : current.revision > 1 ? 'resubmitted' : 'submitted',
        overdue: current === null && today > due.due_on,
        late: first !== null && first.slice(0, 10) > due.due_on,
        revisions: revisions.length,
        first_submitted_at: first,
        current: current && {
          id: current.id,
          revision: current.revision,
          submitted_at: current.submitted_at,
          submitted_by: current.submitted_by,
          submitted_by_name: current.submitted_by_name,
          digest: current.digest,
        },
      };
    }),
  );
  return { fiscal_year: fiscalYear, today, may_submit: SUBMITTERS.includes(user.role), rows };
}
