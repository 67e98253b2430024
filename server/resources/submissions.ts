import { EVERYONE, NOBODY, SYSTEM_ADMIN } from '../access/roles';
import { scopeByOrganization, scopeByOrganizationOrAll } from '../access/scope';
import { ReportSubmission, SubmissionDueDate } from '../models';
import { reportSubmissionActions } from '../workflows/reportSubmissions';
import type { ResourceDeclaration } from './types';

/**
 * Submissions of the CSP measures (server/submissions/, docs/reports.md "Submissions"). A
 * submission is read here like any record — the ministry every one, an organisation's roles
 * their own — and made by POST /api/report_submissions (server/http/submissions.ts), never
 * edited: the one change is a system administrator's withdrawal, with its reason, audited.
 */
export const reportSubmissions: ResourceDeclaration<ReportSubmission> = {
  name: 'report_submissions',
  model: ReportSubmission,
  filters: ['organization_id', 'fiscal_year', 'period', 'revision', 'submitted_by', 'submitted_at', 'withdrawn_at'],
  sorts: ['submitted_at', 'fiscal_year', 'revision'],
  defaultSort: ['submitted_at', 'DESC'],
  search: ['submitted_by_name', 'note', 'reason'],
  references: { organization_id: 'organizations', submitted_by: 'users', withdrawn_by: 'users' },
  access: { read: EVERYONE, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: scopeByOrganization(),
  actions: reportSubmissionActions,
};

/**
 * When submissions are due (server/submissions/status.ts): a row without an organisation holds
 * for every organisation that fiscal year, one with an organisation is its agreement's dates.
 * Without either, interim is due January 31 and final April 30 after the fiscal year.
 */
export const submissionDueDates: ResourceDeclaration<SubmissionDueDate> = {
  name: 'submission_due_dates',
  model: SubmissionDueDate,
  filters: ['fiscal_year', 'organization_id'],
  sorts: ['fiscal_year', 'interim_due_on', 'final_due_on'],
  defaultSort: ['fiscal_year', 'DESC'],
  references: { organization_id: 'organizations' },
  access: { read: EVERYONE, create: SYSTEM_ADMIN, update: SYSTEM_ADMIN, delete: SYSTEM_ADMIN },
  scope: scopeByOrganizationOrAll(),
};

export const submissionResources: ResourceDeclaration[] = [reportSubmissions, submissionDueDates];
