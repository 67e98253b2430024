import type { BuiltInCard } from '../../contract/questions';
import type { ActivePlansReport, PaymentSummaryReport, ReferralSourcesReport, WaitTimesReport } from '../../contract/reports';
import { REPORTS } from '../reports/registry';
import type { ReportTable } from '../reports/types';

/**
 * The dashboard's own cards (dashboard/src/dashboard/): each is a report with a period and an
 * organisation, drawn by the dashboard app as today; the server runs the report for a card and
 * says what its numbers are as a table, for report packs. A KPI's number is the dashboard's
 * (KpiCards.tsx), worked out from the same report.
 */
interface BuiltInCardDefinition {
  report: string;
  title: string;
  /** a KPI: one number; a chart: the report's first download table */
  value?: (report: any) => number | null;
  format?: 'count' | 'days' | 'money';
}

const cents = (amount: number) => Math.round(amount * 100);

export const BUILT_IN: Record<BuiltInCard, BuiltInCardDefinition> = {
  'kpi.new_referrals': { report: 'referral-sources', title: 'New referrals', value: (r: ReferralSourcesReport) => r.totals.total, format: 'count' },
  'kpi.children_waiting': { report: 'wait-times', title: 'Children waiting', value: (r: WaitTimesReport) => r.waiting_total, format: 'count' },
  'kpi.median_wait': { report: 'wait-times', title: 'Median wait (days)', value: (r: WaitTimesReport) => r.summary.median, format: 'days' },
  'kpi.active_plans': {
    report: 'active-plans',
    title: 'Children with an active plan',
    value: (r: ActivePlansReport) => {
      const counted = r.series.filter((p) => p.total !== null);
      return counted.length ? counted[counted.length - 1].total : r.by_organization.reduce((sum, o) => sum + o.total, 0);
    },
    format: 'count',
  },
  'kpi.payments': {
    report: 'payment-summary',
    title: 'Payments (paid and scheduled)',
    value: (r: PaymentSummaryReport) => r.series.reduce((sum, p) => sum + cents(p.paid) + cents(p.scheduled), 0) / 100,
    format: 'money',
  },
  'chart.referral_sources': { report: 'referral-sources', title: 'Referral sources' },
  'chart.wait_times': { report: 'wait-times', title: 'Wait times' },
  'chart.active_plans': { report: 'active-plans', title: 'Active plans' },
  'chart.payments': { report: 'payment-summary', title: 'Payment summary' },
};

/** A report's numbers as one table: a KPI's one number, a chart's series, the CSP measures (report packs are written in English). */
export function reportTable(name: string, key: BuiltInCard | null, result: Record<string, unknown>, organizationName: string): ReportTable {
  if (key && BUILT_IN[key].value) {
    const definition = BUILT_IN[key];
    return { columns: [{ key: 'measure', type: 'text', label: 'measure' }, { key: 'value', type: 'number', label: 'value' }], rows: [{ measure: definition.title, value: definition.value!(result) }] };
  }
  const report = REPORTS.get(name)!;
  const first = Object.values(report.tables)[0];
  return first(result as never, { from: String(result.from), to: String(result.to), organization_name: organizationName, language: 'en' });
}
