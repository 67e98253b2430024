/**
 * The JSON each report answers, after the common header — the one description the server's
 * reports and the dashboard's charts both compile against (docs/api.md says the same in
 * words). No imports: the dashboard's build reads this file as it is.
 */
export interface ReportHeader {
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

export const SOURCE_TYPES = ['self_family', 'school_educator', 'physician_health', 'childrens_aid', 'indigenous_org', 'other'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export type SourceCounts = Record<SourceType | 'total', number>;

export interface ReferralSourcesResult {
  sources: SourceType[];
  series: (SeriesPoint & SourceCounts)[];
  totals: SourceCounts;
  /** each source's share of the period's referrals, 0–1 with four decimals; 0 when none */
  shares: Record<SourceType, number>;
}

export type WaitStatistics = {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
};

export interface WaitTimesResult {
  /** the same statistics over the whole period (a median of the months' medians would not be one) */
  summary: WaitStatistics;
  series: (SeriesPoint & WaitStatistics)[];
  histogram: { bucket: string; min_days: number; max_days: number | null; count: number }[];
  waiting: {
    child_id: number;
    child_name: string;
    referral_id: number;
    referral_date: string;
    organization_id: number;
    days_waited: number;
  }[];
}

export interface ActivePlansResult {
  /** null counts: a point after today, with no numbers yet */
  series: (SeriesPoint & { month_end: string; CSP: number | null; SHSS: number | null; total: number | null })[];
  by_organization: { organization_id: number; organization_name: string; CSP: number; SHSS: number; total: number }[];
}

export interface PaymentSummaryResult {
  series: (SeriesPoint & {
    base: number;
    support: number;
    transition_in: number;
    paid: number;
    scheduled: number;
    cancelled: number;
    total: number;
  })[];
  contracts: {
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
  }[];
}

export interface CspMeasure {
  key: string;
  name: string;
  value: number | null;
  definition: string;
}

export interface CspMeasuresResult {
  measures: CspMeasure[];
}
