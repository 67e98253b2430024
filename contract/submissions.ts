import type { ExplanationRow, ExplanationStatistic, ExplanationUnit } from './reports';

/**
 * Submissions of the CSP measures to the ministry (docs/reports.md "Submissions"): frozen,
 * signed by the SHA-256 of their content, one revision after another per organisation, fiscal
 * year and period; compared with today's numbers (drift); due on dates the ministry sets.
 */
export const SUBMISSION_PERIODS = ['interim', 'final'] as const;
export type SubmissionPeriod = (typeof SUBMISSION_PERIODS)[number];

/** `report_submissions` as GET /api/report_submissions answers it. */
export interface ReportSubmission {
  id: number;
  organization_id: number;
  fiscal_year: number;
  period: SubmissionPeriod;
  revision: number;
  period_from: string;
  period_to: string;
  /** the day the point-in-time measure (waiting) was counted on */
  as_of: string;
  note: string | null;
  /** why a revision after the first was submitted */
  reason: string | null;
  submitted_by: number;
  submitted_by_name: string;
  submitted_at: string;
  /** explanation rows of every measure together */
  row_count: number;
  /** the submission's signature: SHA-256 (hex) of its canonical content */
  digest: string;
  withdrawn_at: string | null;
  withdrawn_by: number | null;
  withdrawal_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** A measure as submitted: its value, the ministry's name and definition then (in English and French), and how its rows give it. */
export interface SubmittedMeasure {
  key: string;
  name: string;
  definition: string;
  /** the definition in French then; null for a submission made before French definitions were kept (the English is the one to show) */
  definition_fr: string | null;
  value: number | null;
  unit: ExplanationUnit;
  statistic: ExplanationStatistic;
  decimals: number | null;
  as_of: string | null;
  row_count: number;
}

/** GET /api/report_submissions/:id/measures */
export interface SubmissionMeasures {
  submission: ReportSubmission;
  /** the latest revision not withdrawn of its organisation, year and period */
  current: boolean;
  /** the stored content still gives the digest (nothing changed it behind the database's back) */
  digest_verified: boolean;
  measures: SubmittedMeasure[];
}

/**
 * A measure in two states — a submission then and today (drift), or a revision and the one
 * before it (changes) — and how many of its explanation rows differ, matched by unit and id.
 */
export interface MeasureDifference {
  key: string;
  name: string;
  /** as submitted (drift), or in the revision before (changes) */
  before: number | null;
  /** today's number (drift), or in this revision (changes); null as well when the measure no longer exists */
  after: number | null;
  /** the figure or any of its rows differ */
  changed: boolean;
  /** rows counted after and not before */
  added: number;
  /** rows counted before and not after */
  removed: number;
  /** rows counted both times with another contribution */
  contribution_changed: number;
}

/** GET /api/report_submissions/:id/drift: the submission beside today's numbers. */
export interface SubmissionDrift {
  submission_id: number;
  /** the day today's numbers count points in time on (the submission's own `as_of` for a period that has ended) */
  as_of: string;
  checked_at: string;
  measures: MeasureDifference[];
}

/** GET /api/report_submissions/:id/changes: what a resubmission changed from the revision before it. */
export interface SubmissionChanges {
  submission_id: number;
  revision: number;
  /** why it was resubmitted */
  reason: string | null;
  /** the revision before; null for a first submission, which changed nothing */
  previous: Pick<ReportSubmission, 'id' | 'revision' | 'submitted_at' | 'submitted_by_name' | 'digest'> | null;
  measures: MeasureDifference[];
}

export const DIFFERENCES = ['added', 'removed', 'changed'] as const;
export type Difference = (typeof DIFFERENCES)[number];

/** A row of GET /api/report_submissions/:id/drift/rows or /changes/rows: an explanation row that differs, with both contributions. */
export type DifferenceRow = Omit<ExplanationRow, 'contribution'> & {
  change: Difference;
  /** null: not counted before */
  before_contribution: number | null;
  /** null: not counted after */
  after_contribution: number | null;
};

export const SUBMISSION_STATUSES = ['not_submitted', 'submitted', 'resubmitted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Where a due date comes from: the organisation's agreement, the fiscal year's date, or the default. */
export const DUE_DATE_SOURCES = ['organization', 'fiscal_year', 'default'] as const;
export type DueDateSource = (typeof DUE_DATE_SOURCES)[number];

/** One organisation and period of GET /api/report_submissions/status. */
export interface SubmissionStatusRow {
  organization_id: number;
  organization_name: string;
  fiscal_year: number;
  period: SubmissionPeriod;
  period_from: string;
  period_to: string;
  due_on: string;
  due_source: DueDateSource;
  status: SubmissionStatus;
  /** not submitted, and the due date has passed */
  overdue: boolean;
  /** first submitted after the due date */
  late: boolean;
  /** revisions not withdrawn */
  revisions: number;
  first_submitted_at: string | null;
  current: Pick<ReportSubmission, 'id' | 'revision' | 'submitted_at' | 'submitted_by' | 'submitted_by_name' | 'digest'> | null;
}

export interface SubmissionStatusAnswer {
  fiscal_year: number;
  /** the API's date the due dates are compared with */
  today: string;
  /** the caller's role submits its organisation's measures (a period is submitted once it has ended) */
  may_submit: boolean;
  rows: SubmissionStatusRow[];
}
