import type { SignedInUser } from '../../../contract/auth';
import { HOME_OF_ROLE } from '../../../contract/homes';
import { currentRoute } from '../common/currentRoute';
import { dataProvider } from '../dataProvider';
import { filtersOf, readDashboardView } from '../dashboards/filterState';
import { toIsoDate } from '../meta/format';
import { queryClient } from '../queryClient';
import { reportParams } from '../reporting/period';
import { REPORT_STALE_MS, reportKey } from '../reporting/useReport';
import { builtInCardReport } from './BuiltInCard';
import { CHARTS } from './charts';
import { defaultDashboardQuery } from './defaultDashboard';

/**
 * The longest the first page waits for the prefetch's reports to be asked for (`reportsAsked`):
 * the default dashboard's record and cards, two small requests sent with /api/meta.
 */
const HOLD_AT_MOST_MS = 1_000;

let asked: Promise<void> = Promise.resolve();

/**
 * Resolves once the prefetch of the last sign-in has sent its report requests (at once when
 * there is nothing to prefetch, when it failed, or after HOLD_AT_MOST_MS). The auth provider's
 * permissions wait for it, and react-admin draws the layout only with permissions: drawing the
 * layout and the page is a long task (0.2–0.5 s under load) that held the reports' requests back
 * behind it when the cards answered during it (bench/README.md, "Drawn"). Now the reports are
 * computed on the server while the browser draws the page.
 */
export function reportsAsked(): Promise<void> {
  return asked;
}

/**
 * Starts loading the chart modules (recharts) — on the sign-in page, while the user types, so that
 * neither their download nor their compiling is left for after the click. Idle time only.
 */
export function preloadCharts(): void {
  const start = () => {
    for (const chart of CHARTS) chart.preload().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(start, { timeout: 500 });
  else setTimeout(start, 0);
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
  asked = new Promise<void>(resolve => {
    const hold = setTimeout(resolve, HOLD_AT_MOST_MS);
    const done = () => {
      clearTimeout(hold);
      resolve();
    };
    setTimeout(() => {
      const { path, params } = currentRoute();
      if (path !== '/dashboard' && !(path === '/' && HOME_OF_ROLE[user.role] === 'dashboard')) return done();
      for (const chart of CHARTS) chart.preload().catch(() => undefined);
      void queryClient.fetchQuery(defaultDashboardQuery(dataProvider)).then(({ dashboard, cards }) => {
        const query = reportParams(readDashboardView(params, filtersOf(dashboard), toIsoDate(new Date())).period);
        const reports = new Set(cards.map(card => (card.report_card ? builtInCardReport(card.report_card) : null)));
        for (const name of reports) {
          if (name) void queryClient.prefetchQuery({ queryKey: reportKey(name, query), queryFn: ({ signal }) => dataProvider.report(name, query, { signal }), staleTime: REPORT_STALE_MS });
        }
        done();
      }, done);
    }, 0);
  });
}
