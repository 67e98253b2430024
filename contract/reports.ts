import {
  PAYMENT_KINDS,
  REFERRAL_SOURCE_TYPES,
  type ComplaintCategory,
  type ComplaintStatus,
  type PaymentKind,
  type PaymentStatus,
  type Priority,
  type Program,
  type ReferralSourceType,
} from './enums';

/**
 * The JSON each report answers (GET /api/reports/<name>): the common header and each
 * report's result — the one description the server's reports and the dashboard's charts
 * both compile against (docs/api.md says the same in words).
 */
/** Where an answer was read: the reports standby, or the primary. */
export interface ReadSourceFields {
  /** everything committed by this instant is in the numbers (the standby's replay position, or now on the primary) */
  data_as_of: string;
  read_from: 'replica' | 'primary';
  /** why a configured standby was not read; null otherwise */
  read_note: string | null;
}

export interface ReportHeader extends ReadSourceFields {
  from: string;
  to: string;
  organization_id: number | null;
  generated_at: string;
}

// Type aliases, not interfaces, where rows go into download tables (Record<string, unknown>).
export type SeriesPoint = {
  period: string;
  label: string;
};

export type SourceCounts = Record<ReferralSourceType | 'total', number>;

export interface ReferralSourcesResult {
  sources: ReferralSourceType[];
  series: (SeriesPoint & SourceCounts)[];
  totals: SourceCounts;
  /** each source's share of the period's referrals, 0–1 with four decimals; 0 when none */
  shares: Record<ReferralSourceType, number>;
}

export type WaitStatistics = {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
};

/** One child waiting for CSP initiation, with its longest wait (the wait-times report's `waiting`, GET /api/reports/wait-times/waiting). */
export type WaitingChild = {
  child_id: number;
  child_name: string;
  referral_id: number;
  referral_date: string;
  organization_id: number;
  days_waited: number;
  /** the coordinator's priority for the child (referral_children.priority): the list's first order */
  priority: Priority;
  priority_reason: string | null;
};

/** The rows of the waiting list the wait-times report carries: its first page; the rest is paged by GET /api/reports/wait-times/waiting. */
export const WAITING_FIRST_PAGE_ROWS = 25;

export interface WaitTimesResult {
  /** the date `waiting` is counted on: `to`, or today when `to` is later */
  as_of: string;
  /** the same statistics over the whole period (a median of the months' medians would not be one) */
  summary: WaitStatistics;
  series: (SeriesPoint & WaitStatistics)[];
  histogram: { bucket: string; min_days: number; max_days: number | null; count: number }[];
  /** every child waiting on `as_of`: the CSP measures' `waiting_total` */
  waiting_total: number;
  /** the first WAITING_FIRST_PAGE_ROWS of those children, in the list's order */
  waiting: WaitingChild[];
}

/** The service registry (CSP waitlists) at `to`: who waits for which service, since when. */
export interface ServiceRegistryResult {
  summary: { waiting: number; urgent: number; high: number; routine: number };
  /** in priority order, then the longest wait first */
  waiting: {
    plan_service_id: number;
    service_plan_id: number;
    child_id: number;
    child_name: string;
    organization_id: number;
    category: string;
    provider_name: string | null;
    priority: Priority;
    waitlisted_on: string;
    days_waited: number;
  }[];
  /** every category: waiting at `to` (median days so far), and started in the period after waiting (median days to start) */
  categories: { category: string; waiting: number; median_days_waiting: number | null; started: number; median_days_to_start: number | null }[];
  providers: { category: string; provider_name: string | null; waiting: number; median_days_waiting: number | null; longest_days_waiting: number }[];
}

/** The complaints register's counts: complaints received in the period, and those open at `to`. */
export interface ComplaintsResult {
  summary: { received: number; open_at_end: number; mean_days_open: number | null; median_days_to_resolve: number | null };
  by_status: { status: ComplaintStatus; received: number }[];
  by_category: { category: ComplaintCategory; received: number; open_at_end: number; resolved: number }[];
  /** complaints open at `to`, the longest open first */
  open: { complaint_id: number; organization_id: number; received_on: string; category: ComplaintCategory; status: ComplaintStatus; days_open: number }[];
  /** plans in service at `to`, by risk flag (`none`: not flagged) */
  plan_risk: { risk_level: string; plans: number }[];
}

/** The order the active-plans report and chart show the programmes in. */
export const ACTIVE_PLANS_PROGRAMS = ['CSP', 'SHSS'] as const satisfies readonly Program[];

export interface ActivePlansResult {
  /** null counts: a point after today, with no numbers yet */
  series: (SeriesPoint & { month_end: string; total: number | null } & Record<Program, number | null>)[];
  by_organization: ({ organization_id: number; organization_name: string; total: number } & Record<Program, number>)[];
}

/** The order the payment summary shows statuses in: paid, then still owed, then cancelled. */
export const PAYMENT_SUMMARY_STATUSES = ['paid', 'scheduled', 'cancelled'] as const satisfies readonly PaymentStatus[];

/** One contract's totals over the period (the payment summary's `contracts`, GET /api/reports/payment-summary/contracts). */
export type PaymentContract = {
  contract_id: number;
  contract_number: string;
  organization_id: number;
  organization_name: string;
  base_total: number;
  support_total: number;
  transition_in_total: number;
  total: number;
  paid_total: number;
  scheduled_total: number;
  cancelled_total: number;
  payment_count: number;
};

/** The contract rows the payment summary carries: its first page (the report page's table shows 25 a page); the rest is paged by GET /api/reports/payment-summary/contracts. */
export const CONTRACTS_FIRST_PAGE_ROWS = 25;

export interface PaymentSummaryResult {
  series: (SeriesPoint & { total: number } & Record<PaymentKind | PaymentStatus, number>)[];
  /** every contract with payments of the period's service months, in scope */
  contracts_total: number;
  /** the first CONTRACTS_FIRST_PAGE_ROWS of those contracts, by organisation name, then contract number (the download's `contracts` table has every one) */
  contracts: PaymentContract[];
}

export interface CspMeasure {
  key: string;
  name: string;
  value: number | null;
  definition: string;
  /** the definition in French, for the French dashboard */
  definition_fr: string;
}

export interface CspMeasuresResult {
  /** the date the point-in-time measure (`waiting_total`) is counted on: `to`, or today when `to` is later */
  as_of: string;
  measures: CspMeasure[];
}

export type ReferralSourcesReport = ReportHeader & ReferralSourcesResult;
export type WaitTimesReport = ReportHeader & WaitTimesResult;
export type ActivePlansReport = ReportHeader & ActivePlansResult;
export type PaymentSummaryReport = ReportHeader & PaymentSummaryResult;
export type CspMeasuresReport = ReportHeader & CspMeasuresResult;

/**
 * Explanations (GET /api/reports/<name>/records and /explanation): the units one figure counts.
 * Each row is one unit the definition counts; the figure is `statistic` of the rows'
 * contributions: their sum for counts (each row contributes 1), hours, days, money and FTEs;
 * their mean, median or 90th percentile (linear interpolation) for those figures.
 */
export const EXPLANATION_UNITS = ['child', 'referral', 'plan', 'activity', 'allocation', 'expenditure', 'payment'] as const;
export type ExplanationUnit = (typeof EXPLANATION_UNITS)[number];
export type ExplanationStatistic = 'sum' | 'mean' | 'median' | 'p90';

export type ExplanationRow = {
  unit: ExplanationUnit;
  id: number;
  child_id: number | null;
  /** null when the caller may count the child but not see it */
  child_name: string | null;
  /** the date that made the unit count */
  date: string;
  contribution: number;
  /** one line: why it counts */
  detail: string;
};

export interface ExplanationSummary extends ReadSourceFields {
  report: string;
  key: string;
  bucket: string | null;
  from: string;
  to: string;
  organization_id: number | null;
  /** the date a point in time is counted on; null for a figure over the period */
  as_of: string | null;
  unit: ExplanationUnit;
  statistic: ExplanationStatistic;
  /** the figure's decimals (null: a whole number) */
  decimals: number | null;
  /** what the figure is, in a few words (a CSP measure: the ministry's name) */
  title: string;
  definition: string;
  /** the definition in French, where the report gives one (the CSP measures) */
  definition_fr: string | null;
  /** rows */
  count: number;
  /** `statistic` of every row's contribution, rounded as the report rounds it: the report's figure */
  figure: number | null;
  generated_at: string;
}

/** The series each dashboard report explains (`key`); the CSP measures explain every measure key. */
export const REFERRAL_SOURCES_KEYS = [...REFERRAL_SOURCE_TYPES, 'total'] as const;
/** `initiations` (count), `mean`, `median`, `p90` of the waits of the initiations; `waiting` the children waiting */
export const WAIT_TIMES_KEYS = ['initiations', 'mean', 'median', 'p90', 'waiting'] as const;
export const ACTIVE_PLANS_KEYS = [...ACTIVE_PLANS_PROGRAMS, 'total'] as const;
export const PAYMENT_SUMMARY_KEYS = [...PAYMENT_KINDS, ...PAYMENT_SUMMARY_STATUSES, 'total'] as const;

/**
 * Comparisons (`compare=previous|last_year` on GET /api/reports/<name>, docs/reports.md
 * "Comparisons"): the same report for the comparison period, beside it. `previous` is the
 * period of the same length just before (the same number of months for a period of whole
 * months: Q2 → Q1, a fiscal year → the one before; else the same number of days); `last_year`
 * the same dates a year earlier (29 February → 28 February; a period of whole months keeps
 * whole months, so February 2025 → February 2024, 1–29).
 */
export const COMPARISONS = ['previous', 'last_year'] as const;
export type ComparisonKind = (typeof COMPARISONS)[number];

/**
 * A figure beside its comparison: `change` = value − compared; `change_pct` = change ÷ |compared|
 * × 100, one decimal. Either is null when a side is null, and `change_pct` when compared is 0.
 */
export type FigureComparison = {
  value: number | null;
  compared: number | null;
  change: number | null;
  change_pct: number | null;
};

/**
 * A report's figures over the whole period, keyed as its explanations are (`key` with no
 * bucket): the CSP measures by measure key, the referral sources by source and `total`, the
 * wait times' `initiations`, `mean`, `median`, `p90` and `waiting`, the active plans' `CSP`,
 * `SHSS` and `total` at the period's end so far, the payment summary's kinds and statuses.
 */
export type ReportFigures = Record<string, number | null>;

export interface ReportComparison<Result = unknown> {
  kind: ComparisonKind;
  /** the comparison period; when the report's period runs past today, cut at the same point of its own */
  from: string;
  to: string;
  /** the comparison period's answer in the report's own shape: series point i beside the report's point i */
  result: Result;
  /** every figure of the report beside the comparison period's */
  figures: Record<string, FigureComparison>;
}

/** A report's answer asked with `compare`. */
export type ComparedReport<R extends ReportHeader> = R & { comparison: ReportComparison<Omit<R, keyof ReportHeader>> };

/** GET /api/reports/<name>/trend: the report's figures over the last periods of the same length, oldest first. */
export interface ReportTrend {
  report: string;
  compare: ComparisonKind;
  organization_id: number | null;
  generated_at: string;
  /** the last one is the period asked for; each earlier one a comparison step further back */
  periods: { from: string; to: string; figures: ReportFigures }[];
}
