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
 * What a KPI card reads, in three requests sent together (none waits for another): the report
 * with `compare=previous` (the figure and its change on the period before), the report with
 * `compare=last_year`, and its `/trend` of the last periods (useReportTrend). Cards of the
 * same report share all three. The card shows its figure as soon as the first answers; the
 * comparisons and the sparkline fill in when theirs do, and a failed one leaves the figure shown.
 */
export function useKpiFigure<R>(report: string, figure: string, period: PeriodState) {
  const previous = useReport<R & Compared>(report, period, { compare: 'previous' });
  const lastYear = useReport<R & Compared>(report, period, { compare: 'last_year' });
  const trend = useReportTrend(report, period, 'previous');
  return {
    data: previous.data,
    isPending: previous.isPending,
    error: previous.error,
    comparisons: [comparisonOf(previous.data, figure), comparisonOf(lastYear.data, figure)].filter((c): c is KpiComparison => c !== null),
    trend: trend(figure),
  };
}
