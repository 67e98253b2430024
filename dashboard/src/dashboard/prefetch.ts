import type { SignedInUser } from '../../../contract/auth';
import { HOME_OF_ROLE } from '../../../contract/homes';
import { dataProvider } from '../dataProvider';
import { filtersOf, readDashboardView } from '../dashboards/filterState';
import { toIsoDate } from '../meta/format';
import { queryClient } from '../queryClient';
import { reportParams } from '../reporting/period';
import { REPORT_STALE_MS, reportKey } from '../reporting/useReport';
import { builtInCardReport } from './BuiltInCard';
import { CHARTS } from './charts';
import { defaultDashboardQuery } from './defaultDashboard';

/** The route the app shows (it routes in the hash: "#/dashboard?fy=2025") and its query. */
function currentRoute(): { path: string; params: URLSearchParams } {
  const [path, search = ''] = window.location.hash.replace(/^#/, '').split('?');
  return { path: path || '/', params: new URLSearchParams(search) };
}

/**
 * The default dashboard's record, cards, reports and chart modules, asked for as soon as the
 * user is known (the sign-in's answer, or /api/auth/me on a reload) when the page shown is that
 * dashboard — rather than after /api/meta, the layout and the page have been drawn, which put
 * four round trips in sequence before any report was asked for (bench/README.md, "Drawn").
 * The pages read the same cache entries (defaultDashboardQuery, reportKey), so nothing is asked
 * for twice. Runs after the sign-in has moved to its page: signing in from a deep link
 * prefetches nothing.
 */
export function prefetchDashboard(user: SignedInUser): void {
  setTimeout(() => {
    const { path, params } = currentRoute();
    if (path !== '/dashboard' && !(path === '/' && HOME_OF_ROLE[user.role] === 'dashboard')) return;
    for (const chart of CHARTS) chart.preload().catch(() => undefined);
    void queryClient.fetchQuery(defaultDashboardQuery(dataProvider)).then(({ dashboard, cards }) => {
      const query = reportParams(readDashboardView(params, filtersOf(dashboard), toIsoDate(new Date())).period);
      const reports = new Set(cards.map(card => (card.report_card ? builtInCardReport(card.report_card) : null)));
      for (const name of reports) {
        if (name) void queryClient.prefetchQuery({ queryKey: reportKey(name, query), queryFn: ({ signal }) => dataProvider.report(name, query, { signal }), staleTime: REPORT_STALE_MS });
      }
    }, () => undefined);
  }, 0);
}
