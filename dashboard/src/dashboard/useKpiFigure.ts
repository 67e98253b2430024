import type { ComparisonKind, FigureComparison, ReportComparison } from '../../../contract/reports';
import type { PeriodState } from '../reporting/period';
import { useReport, useReportTrend } from '../reporting/useReport';

export interface KpiComparison {
  kind: ComparisonKind;
  from: string;
  to: string;
  figure: FigureComparison | undefined;
}

type Compared = { comparison?: ReportComparison };

const comparisonOf = (answer: Compared | undefined, figure: string): KpiComparison | null =>
  answer?.comparison ? { kind: answer.comparison.kind, from: answer.comparison.from, to: answer.comparison.to, figure: answer.comparison.figures[figure] } : null;

/**
 * What a KPI card reads: first the report as the dashboard's chart asks for it (one request,
 * shared with the chart and the sign-in's prefetch), which gives the figure; once it has
 * answered, the report with `compare=previous` and with `compare=last_year`, and its `/trend`
 * of the last periods (useReportTrend), all three at once. The comparisons cost the server
 * twelve report runs: asked only after the figures, they never hold a chart or a figure back.
 * Cards of the same report share every request; a failed comparison leaves the figure shown.
 */
export function useKpiFigure<R>(report: string, figure: string, period: PeriodState) {
  const current = useReport<R>(report, period);
  const after = { enabled: current.data !== undefined };
  const previous = useReport<R & Compared>(report, period, { compare: 'previous' }, after);
  const lastYear = useReport<R & Compared>(report, period, { compare: 'last_year' }, after);
  const trend = useReportTrend(report, period, 'previous', after);
  return {
    data: current.data,
    isPending: current.isPending,
    error: current.error,
    comparisons: [comparisonOf(previous.data, figure), comparisonOf(lastYear.data, figure)].filter((c): c is KpiComparison => c !== null),
    trend: trend(figure),
  };
}
