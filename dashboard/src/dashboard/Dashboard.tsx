import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import { DashboardView } from '../dashboards/DashboardView';
import { defaultDashboardQuery } from './defaultDashboard';

/**
 * The landing page: the default dashboard (the managers' dashboard in the demo) and its cards,
 * each card then fetching its own numbers — usually already asked for by the sign-in
 * (dashboard/prefetch.ts).
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const { data, refetch } = useQuery(defaultDashboardQuery(dataProvider));
  return <DashboardView dashboard={data?.dashboard ?? null} heading={translate('app.dashboard.title')} cards={data?.cards} onCardsChanged={() => void refetch()} />;
};
