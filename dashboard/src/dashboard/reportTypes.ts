/** Report answers as docs/api.md describes them. */
export interface ReportHeader {
  from: string;
  to: string;
  organization_id: number | null;
  generated_at: string;
}

export const SOURCE_TYPES = [
  'self_family',
  'school_educator',
  'physician_health',
  'childrens_aid',
  'indigenous_org',
  'other',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface SeriesPoint {
  period: string;
  label: string;
}

export interface ReferralSourcesReport extends ReportHeader {
  sources: SourceType[];
  series: (SeriesPoint & Record<SourceType, number> & { total: number })[];
  totals: Record<SourceType | 'total', number>;
  shares: Record<SourceType, number>;
}

export interface WaitTimesReport extends ReportHeader {
  series: (SeriesPoint & { count: number; mean: number | null; median: number | null; p90: number | null })[];
  histogram: { bucket: string; min_days: number; max_days: number | null; count: number }[];
  waiting: {
    child_id: number;
    child_name: string;
    referral_id: number;
    referral_date: string;
    organization_id: number;
    days_waited: number;
  }[];
  /** the whole period at once, when the server gives it */
  summary: { count: number; mean: number | null; median: number | null; p90: number | null };
}

export interface ActivePlansReport extends ReportHeader {
  series: (SeriesPoint & { month_end: string; CSP: number | null; SHSS: number | null; total: number | null })[];
  by_organization: { organization_id: number; organization_name: string; CSP: number; SHSS: number; total: number }[];
}

export interface PaymentSummaryReport extends ReportHeader {
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

export interface CspMeasuresReport extends ReportHeader {
  measures: { key: string; name: string; value: number | null; definition: string }[];
}
