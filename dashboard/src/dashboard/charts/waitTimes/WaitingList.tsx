import { Alert, Skeleton } from '@mui/material';
import type { WaitingChild } from '../../../../../contract/reports';
import { PagePagination, pageRange, useListPage } from '../../../reporting/PagePagination';
import { reportParams, type PeriodState } from '../../../reporting/period';
import { ReportTable } from '../../../reporting/ReportTable';
import { useComputed } from '../../../reporting/useComputed';

/**
 * The children waiting for CSP initiation on the period's end (today when later), a page at a
 * time from GET /api/reports/wait-times/waiting, in the report's order (the coordinator's
 * priority, then the longest wait); each opens its referral. The wait-times card's table view
 * and the coordinator's home show it; the report itself carries only the count and the first page.
 */
export const WaitingList = ({ query, title, variant }: { query: Record<string, string | number>; title: string; variant: 'chart' | 'page' }) => {
  const [page, setPage] = useListPage(query);
  const { data, isPending, error } = useComputed<WaitingChild[]>('reports/wait-times/waiting', { ...query, range: pageRange(page) });
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (isPending) return <Skeleton variant="rounded" height={240} />;
  const rows = (data?.data ?? []).map(row => ({ ...row, priority: `app.enums.${row.priority}` }));
  return (
    <>
      <ReportTable
        variant={variant}
        table={{
          title,
          rows,
          columns: [
            { key: 'child_name', label: 'app.fields.child_name', format: 'text', rowHeader: true, link: row => `/referrals/${row.referral_id}/show` },
            { key: 'priority', label: 'app.fields.priority', format: 'text' },
            { key: 'referral_date', label: 'app.fields.referral_date', format: 'date' },
            { key: 'days_waited', label: 'app.home.waiting_list.days_waited', format: 'count' },
          ],
        }}
      />
      <PagePagination total={data?.total ?? rows.length} page={page} onPage={setPage} />
    </>
  );
};

/** The card's list: the children waiting at the end of the dashboard's period. */
export const WaitingNow = ({ period }: { period: PeriodState }) => <WaitingList variant="chart" title="app.charts.wait_times.waiting" query={reportParams(period)} />;
