import type { DataProvider } from 'react-admin';
import { DEFAULT_DASHBOARD_CARDS } from '../../../contract/questions';
import type { DashboardRecord } from '../dashboards/DashboardView';
import type { CardRecord } from '../dashboards/layout';

/** The built-in cards as laid out by default, for an installation that has no default dashboard yet. */
const BUILT_IN_CARDS: CardRecord[] = DEFAULT_DASHBOARD_CARDS.map((card, i) => ({ ...card, id: -(i + 1), dashboard_id: 0, question_id: null }));

const WHOLE = { pagination: { page: 1, perPage: 1000 } };

export interface DefaultDashboard {
  /** null: there is no default dashboard, and `cards` are the built-in ones */
  dashboard: DashboardRecord | null;
  cards: CardRecord[];
}

/**
 * How long the record and cards just asked for stay fresh: the page drawn right after the
 * sign-in's prefetch reads them without asking again (two requests fewer beside its reports);
 * a dashboard made the default elsewhere shows on the landing page a few seconds later at most.
 */
const JUST_ASKED_MS = 5_000;

/**
 * The landing page's dashboard: the default dashboard's record and its cards, asked for at once.
 * One query for the page and for the sign-in's prefetch (dashboard/prefetch.ts).
 */
export function defaultDashboardQuery(dataProvider: DataProvider) {
  return {
    queryKey: ['default-dashboard'],
    staleTime: JUST_ASKED_MS,
    queryFn: async (): Promise<DefaultDashboard> => {
      const [dashboards, cards] = await Promise.all([
        dataProvider.getList<DashboardRecord>('dashboards', { ...WHOLE, filter: { is_default: true }, sort: { field: 'id', order: 'DESC' } }),
        dataProvider.getList<CardRecord>('dashboard_cards', { ...WHOLE, filter: { 'dashboard_id.is_default': true }, sort: { field: 'y', order: 'ASC' } }),
      ]);
      const dashboard = dashboards.data[0] ?? null;
      return { dashboard, cards: dashboard ? cards.data : BUILT_IN_CARDS };
    },
  };
}
