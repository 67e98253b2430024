import { Skeleton } from '@mui/material';
import { useGetList, useShowController } from 'react-admin';
import { HistorySection } from '../history/HistorySection';
import { DashboardView, type DashboardRecord } from './DashboardView';
import type { CardRecord } from './layout';

/** A dashboard's page (`/dashboards/:id/show`): the dashboard and its cards, asked for at once; its history below. */
export const DashboardShow = () => {
  const { record } = useShowController<DashboardRecord & { id: number }>();
  const cards = useGetList<CardRecord>(
    'dashboard_cards',
    { filter: { dashboard_id: record?.id }, pagination: { page: 1, perPage: 1000 }, sort: { field: 'y', order: 'ASC' } },
    { enabled: Boolean(record) },
  );
  if (!record) return <Skeleton variant="rounded" height={300} aria-hidden sx={{ mt: 2 }} />;
  return (
    <>
      <DashboardView dashboard={record} heading={record.title} cards={cards.data} onCardsChanged={() => void cards.refetch()} />
      <HistorySection record={record} />
    </>
  );
};
