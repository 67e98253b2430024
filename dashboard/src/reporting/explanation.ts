import type { ExplanationUnit } from '../../../contract/reports';
import { reportParams, writePeriod, type PeriodState } from './period';

/**
 * Explanations on the dashboard: every figure links to the page that lists the units it counts
 * (GET /api/reports/<report>/records, docs/reports.md), keeping the period and organisation in
 * the URL like every reporting page.
 */
export interface FigureRef {
  report: string;
  key: string;
  /** a month `2025-04`, a fiscal quarter `FY2025-Q1` or a histogram bucket `31-60`; null = the whole period */
  bucket?: string | null;
}

/** `/reports/<report>/explain?key=…&bucket=…&fy=…&period=…&org=…` */
export function explanationUrl(figure: FigureRef, period: PeriodState): string {
  const params = new URLSearchParams({ key: figure.key, ...(figure.bucket ? { bucket: figure.bucket } : {}), ...writePeriod(period) });
  return `/reports/${figure.report}/explain?${params.toString()}`;
}

/** The API parameters of one figure's explanation. */
export function explanationParams(figure: FigureRef, period: PeriodState): Record<string, string | number> {
  return { ...reportParams(period), key: figure.key, ...(figure.bucket ? { bucket: figure.bucket } : {}) };
}

/** The figure named by an explanation page's URL, or null when it names none. */
export function readFigure(report: string | undefined, params: URLSearchParams): FigureRef | null {
  const key = params.get('key');
  if (!report || !key) return null;
  return { report, key, bucket: params.get('bucket') || null };
}

/** The resource a unit's id belongs to (its record page: `/<resource>/<id>/show`). */
export const UNIT_RESOURCES: Record<ExplanationUnit, string> = {
  child: 'children',
  referral: 'referrals',
  plan: 'service_plans',
  activity: 'service_activities',
  allocation: 'staff_allocations',
  expenditure: 'expenditures',
  payment: 'payments',
};

export const recordUrl = (resource: string, id: number) => `/${resource}/${id}/show`;

/** A histogram bucket of days (`31-60`, `366+`), not a month or quarter. */
export const isDaysBucket = (bucket: string) => /^\d{1,3}(-\d{1,3}|\+)$/.test(bucket);
