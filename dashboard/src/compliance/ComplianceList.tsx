import { Alert, Button, Chip, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { ComplianceItem } from '../../../contract/compliance';
import { EmptyState } from '../common/EmptyState';
import { formatLocalDate, formatMonth } from '../meta/format';
import { PagePagination, pageRange, useListPage } from '../reporting/PagePagination';
import { useComputed } from '../reporting/useComputed';
import { recordPath } from './recordLink';

/** The items of the query as a table, by due date, each opening its record. */
export const ComplianceList = ({ query }: { query: Record<string, unknown> }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [page, setPage] = useListPage(query);
  const { data, isPending, error } = useComputed<ComplianceItem[]>('compliance', {
    ...query,
    sort: ['due_on', 'ASC'],
    range: pageRange(page),
  });
  if (isPending) return <Skeleton variant="rounded" height={300} />;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const items = data?.data ?? [];
  if (!items.length) return <EmptyState title={translate('app.compliance.empty')} hint={translate('app.compliance.empty_hint')} />;
  const columns = ['due_on', 'status', 'rule', 'child', 'place', 'organization', 'record'] as const;
  return (
    <>
      <TableContainer>
        <Table size="small" aria-label={translate('app.compliance.views.list')}>
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <TableCell key={column} scope="col">
                  {translate(`app.compliance.columns.${column}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(item => (
              <TableRow key={item.id}>
                <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                  {formatLocalDate(item.due_on, locale)}
                </TableCell>
                <TableCell>
                  <Chip size="small" color={item.status === 'overdue' ? 'error' : 'primary'} variant={item.status === 'overdue' ? 'filled' : 'outlined'} label={translate(`app.compliance.statuses.${item.status}`)} />
                </TableCell>
                <TableCell>
                  {translate(`app.compliance.rules.${item.rule}`)}
                  {item.period ? ` (${formatMonth(item.period, locale)})` : ''}
                </TableCell>
                <TableCell>{item.child_name}</TableCell>
                <TableCell>{item.place_name ?? '—'}</TableCell>
                <TableCell>{item.organization_name}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    component={Link}
                    to={recordPath(item.resource, item.record_id)}
                    aria-label={translate('app.compliance.open_aria', { rule: translate(`app.compliance.rules.${item.rule}`), child: item.child_name ?? '', date: item.due_on })}
                  >
                    {translate(`resources.${item.resource}.name`, { smart_count: 1 })}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <PagePagination total={data?.total ?? items.length} page={page} onPage={setPage} />
    </>
  );
};
