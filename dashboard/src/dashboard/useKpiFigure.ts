import { useEffect, useState } from 'react';
import { useIsFetching, type Query } from '@tanstack/react-query';
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

/** A report asked for as a chart or a figure asks for it (reportKey), not one of the comparisons. */
const plainReport = (query: Query) => !('compare' in ((query.queryKey[2] as Record<string, unknown> | undefined) ?? {}));

/**
 * What a KPI card reads: first the report as the dashboard's chart asks for it (one request,
 * shared with the chart and the sign-in's prefetch), which gives the figure; once it and every
 * other report on screen have answered, the report with `compare=previous` and with
 * `compare=last_year`, and its `/trend` of the last periods (useReportTrend), all three at once.
 * The comparisons cost the server seven or eight more report runs per report (one per period,
 * the ones the four requests share run once: docs/reports.md "Comparisons"): asked only after every chart's
 * and figure's report, they never hold one back on the server's connections (bench/README.md).
 * Cards of the same report share every request; a failed comparison leaves the figure shown.
 */
export function useKpiFigure<R>(report: string, figure: string, period: PeriodState) {
  const current = useReport<R>(report, period);
  const reportsOut = useIsFetching({ queryKey: ['report'], predicate: plainReport });
  const after = { enabled: useOnceIdle(current.data !== undefined && reportsOut === 0) };
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

/** Longest a comparison waits for the page to go idle once its reports have answered. */
const IDLE_WAIT_MS = 1_500;

/**
 * True once `ready` has been true and the browser has then had an idle moment: the charts draw
 * from the answers first (about a second of rendering at a million children, bench/README.md),
 * and the comparisons' requests, their server work and their renders come after, instead of
 * taking the same two cores while the charts draw. Where the browser has no requestIdleCallback,
 * the next turn of the event loop.
 */
function useOnceIdle(ready: boolean): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!ready || idle) return;
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => setIdle(true), { timeout: IDLE_WAIT_MS });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(() => setIdle(true), 0);
    return () => clearTimeout(timer);
  }, [ready, idle]);
  return ready && idle;
}
