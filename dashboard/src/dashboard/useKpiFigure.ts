import type { ComparisonKind, FigureComparison, ReportComparison, ReportTrend } from '../../../contract/reports';
import { reportParams, type PeriodState } from '../reporting/period';
import { useReport, useReportingQuery } from '../reporting/useReport';

/** How many periods a KPI card's sparkline shows, the period on screen the last. */
const SPARKLINE_PERIODS = 8;

export interface KpiComparison {
  kind: ComparisonKind;
  from: string;
  to: string;
  figure: FigureComparison | undefined;
}

export interface KpiTrendPoint {
  from: string;
  to: string;
  value: number | null;
}

type Compared = { comparison?: ReportComparison };

const comparisonOf = (answer: Compared | undefined, figure: string): KpiComparison | null =>
  answer?.comparison ? { kind: answer.comparison.kind, from: answer.comparison.from, to: answer.comparison.to, figure: answer.comparison.figures[figure] } : null;

/**
 * What a KPI card reads, in three requests sent together (none waits for another): the report
 * with `compare=previous` (the figure and its change on the period before), the report with
 * `compare=last_year`, and its `/trend` of the last SPARKLINE_PERIODS periods. Cards of the
 * same report share all three. The card shows its figure as soon as the first answers; the
 * comparisons and the sparkline fill in when theirs do, and a failed one leaves the figure shown.
 */
export function useKpiFigure<R>(report: string, figure: string, period: PeriodState) {
  const previous = useReport<R & Compared>(report, period, { compare: 'previous' });
  const lastYear = useReport<R & Compared>(report, period, { compare: 'last_year' });
  const params = { ...reportParams(period), compare: 'previous', periods: String(SPARKLINE_PERIODS) };
  const trend = useReportingQuery<ReportTrend>(['trend', report, params], dataProvider => dataProvider.report<ReportTrend>(`${report}/trend`, params), { noRetry: true });
  return {
    data: previous.data,
    isPending: previous.isPending,
    error: previous.error,
    comparisons: [comparisonOf(previous.data, figure), comparisonOf(lastYear.data, figure)].filter((c): c is KpiComparison => c !== null),
    trend: trend.data ? trend.data.periods.map((p): KpiTrendPoint => ({ from: p.from, to: p.to, value: p.figures[figure] ?? null })) : null,
  };
}
