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

/** A measure as submitted: its value, the ministry's name and definition then, and how its rows give it. */
export interface SubmittedMeasure {
  key: string;
  name: string;
  definition: string;
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

/** A measure as submitted beside today's number, and how many of its rows differ. */
export interface MeasureDrift {
  key: string;
  name: string;
  submitted: number | null;
  live: number | null;
  /** the figure or any of its rows differ */
  changed: boolean;
  /** rows counted today and not then */
  added: number;
  /** rows counted then and not today */
  removed: number;
  /** rows counted both times with another contribution */
  contribution_changed: number;
}

/** GET /api/report_submissions/:id/drift */
export interface SubmissionDrift {
  submission_id: number;
  /** the day today's numbers count points in time on (the submission's own `as_of` for a period that has ended) */
  as_of: string;
  checked_at: string;
  measures: MeasureDrift[];
}

export const DRIFT_CHANGES = ['added', 'removed', 'changed'] as const;
export type DriftChange = (typeof DRIFT_CHANGES)[number];

/** A row of GET /api/report_submissions/:id/drift/rows: an explanation row that differs, with both contributions. */
export type DriftRow = Omit<ExplanationRow, 'contribution'> & {
  change: DriftChange;
  /** null: not counted then */
  submitted_contribution: number | null;
  /** null: not counted today */
  live_contribution: number | null;
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
  rows: SubmissionStatusRow[];
}
