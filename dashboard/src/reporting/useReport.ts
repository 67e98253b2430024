import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLogoutIfAccessDenied } from 'react-admin';
import type { ComparisonKind, ExplanationRow, ExplanationSummary, ReportTrend } from '../../../contract/reports';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import type { PortalDataProvider } from '../dataProvider';
import { explanationParams, type FigureRef } from './explanation';
import { reportParams, type PeriodState } from './period';

/** How long a report's answer is reused before it is asked for again. */
export const REPORT_STALE_MS = 60_000;

/** A report's place in the query cache: the same for a card and for the sign-in's prefetch (dashboard/prefetch.ts). */
export const reportKey = (name: string, params: Record<string, string | number>) => ['report', name, params];

/**
 * A reporting request: cached a minute, and an expired session (401) goes back to the sign-in
 * page. An explanation refused (a bucket the period does not have) is not retried. A read that
 * hands `query.signal` to its request is cancelled when no card shows it any more (react-query
 * cancels only the queries that read the signal).
 */
export function useReportingQuery<T>(
  queryKey: unknown[],
  read: (dataProvider: PortalDataProvider, query: { signal: AbortSignal }) => Promise<T>,
  options: { explanation?: boolean; keepPrevious?: boolean; enabled?: boolean; noRetry?: boolean } = {},
) {
  const dataProvider = usePortalDataProvider();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  return useQuery({
    queryKey,
    queryFn: async query => {
      try {
        return await read(dataProvider, query);
      } catch (error) {
        await logoutIfAccessDenied(error);
        throw error;
      }
    },
    staleTime: REPORT_STALE_MS,
    ...(options.explanation || options.noRetry ? { retry: false } : {}),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    enabled: options.enabled ?? true,
  });
}

/** One report's JSON for the period (`query`: more parameters, e.g. `compare`); cards asking for the same report share one request. */
export function useReport<T>(name: string, period: PeriodState, query: Record<string, string> = {}, options: { enabled?: boolean } = {}) {
  const params = { ...reportParams(period), ...query };
  return useReportingQuery<T>(reportKey(name, params), (dataProvider, { signal }) => dataProvider.report<T>(name, params, { signal }), options);
}

/** What one figure is and how it follows from its rows. */
export function useExplanation(figure: FigureRef, period: PeriodState) {
  const params = explanationParams(figure, period);
  return useReportingQuery<ExplanationSummary>(['explanation', figure.report, params], dataProvider => dataProvider.explanation(figure.report, params), {
    explanation: true,
  });
}

/** One page of a figure's rows (the previous page stays on screen while the next loads). */
export function useExplanationRows(figure: FigureRef, period: PeriodState, page: { range: [number, number]; sort: [string, 'ASC' | 'DESC'] }) {
  const params = explanationParams(figure, period);
  return useReportingQuery<{ rows: ExplanationRow[]; total: number }>(
    ['explanation-rows', figure.report, params, page],
    dataProvider => dataProvider.explanationRows(figure.report, params, page),
    { explanation: true, keepPrevious: true },
  );
}

/** How many periods a sparkline shows, the period on screen the last. */
const SPARKLINE_PERIODS = 8;

/** One period of a figure's trend. */
export interface TrendPoint {
  from: string;
  to: string;
  value: number | null;
}

/**
 * A report's figures over the last SPARKLINE_PERIODS periods ending with `period`
 * (GET /api/reports/<name>/trend), each step back `compare`; `pointsOf(key)` answers one
 * figure's points, oldest first, or null while they are not there (a failed trend is not retried).
 */
export function useReportTrend(report: string, period: PeriodState, compare: ComparisonKind, options: { enabled?: boolean } = {}) {
  const params = { ...reportParams(period), compare, periods: String(SPARKLINE_PERIODS) };
  const trend = useReportingQuery<ReportTrend>(['trend', report, params], (dataProvider, { signal }) => dataProvider.report<ReportTrend>(`${report}/trend`, params, { signal }), {
    noRetry: true,
    ...options,
  });
  return (key: string): TrendPoint[] | null => (trend.data ? trend.data.periods.map(p => ({ from: p.from, to: p.to, value: p.figures[key] ?? null })) : null);
}
