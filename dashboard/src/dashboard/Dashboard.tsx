import { useGetList, useTranslate } from 'react-admin';
import { DEFAULT_DASHBOARD_CARDS } from '../../../contract/questions';
import { DashboardView, type DashboardRecord } from '../dashboards/DashboardView';
import type { CardRecord } from '../dashboards/layout';

/** The built-in cards as laid out by default, for an installation that has no default dashboard yet. */
const BUILT_IN_CARDS: CardRecord[] = DEFAULT_DASHBOARD_CARDS.map((card, i) => ({ ...card, id: -(i + 1), dashboard_id: 0, question_id: null }));

/**
 * The landing page: the default dashboard (the managers' dashboard in the demo), its record and
 * its cards asked for at once, each card then fetching its own numbers.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const whole = { pagination: { page: 1, perPage: 1000 } };
  const dashboards = useGetList<DashboardRecord>('dashboards', { ...whole, filter: { is_default: true } });
  const cards = useGetList<CardRecord>('dashboard_cards', { ...whole, filter: { 'dashboard_id.is_default': true }, sort: { field: 'y', order: 'ASC' } });
  const dashboard = dashboards.data?.[0] ?? null;
  const none = dashboards.isSuccess && dashboard === null;
  return (
    <DashboardView
      dashboard={dashboard}
      heading={translate('app.dashboard.title')}
      cards={none ? BUILT_IN_CARDS : dashboard ? cards.data : undefined}
      onCardsChanged={() => void cards.refetch()}
    />
  );
};
