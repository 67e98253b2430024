import { Alert, Box, Button, Card, CardContent, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { PAYMENT_KINDS, RECONCILIATION_GAPS } from '../../../contract/enums';
import type { ReconciliationGapRow } from '../../../contract/reconciliation';
import { ChoiceSelect } from '../common/ChoiceSelect';
import { DownloadButtons } from '../common/DownloadButtons';
import { EmptyState } from '../common/EmptyState';
import { useLiveSearchParams } from '../common/useLiveSearchParams';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { recordPath } from '../compliance/recordLink';
import { formatMoney, formatMonth } from '../meta/format';
import { PagePagination, pageRange } from '../reporting/PagePagination';
import { PeriodPicker } from '../reporting/PeriodPicker';
import { reportParams } from '../reporting/period';
import { useComputed } from '../reporting/useComputed';
import { usePeriod } from '../reporting/usePeriod';
import { GapChip } from './GapChips';
import { PageHeading } from '../common/PageHeading';

const COLUMNS = ['service_month', 'gap', 'kind', 'organization_name', 'contract_number', 'child_name', 'expected_amount', 'actual_amount', 'detail', 'open'] as const;

/** Where a gap is fixed: its payment line, else its request, else its placement. */
function target(row: ReconciliationGapRow): [string, number] | null {
  if (row.payment_id) return ['payments', row.payment_id];
  if (row.support_request_id) return ['support_requests', row.support_request_id];
  if (row.placement_id) return ['placements', row.placement_id];
  return null;
}

/**
 * The finance work list (docs/compliance.md): every gap between the payments approved support
 * requests and the contracts' base amounts call for and the lines of the period's service
 * months, each opening the record to fix, and the same rows as CSV or XLSX.
 */
export const ReconciliationPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = usePortalDataProvider();
  const [period, setPeriod] = usePeriod();
  const [params, updateParams] = useLiveSearchParams();
  const gap = RECONCILIATION_GAPS.find(g => g === params.get('gap')) ?? null;
  const kind = PAYMENT_KINDS.find(k => k === params.get('kind')) ?? null;
  const [page, setPage] = useState(0);
  const choose = (key: string, value: string | null) => {
    updateParams({ [key]: value });
    setPage(0);
  };
  const query = { ...reportParams(period), filter: { ...(gap ? { gap } : {}), ...(kind ? { kind } : {}) } };
  const { data, isPending, error } = useComputed<ReconciliationGapRow[]>('payment_reconciliation', {
    ...query,
    sort: ['service_month', 'ASC'],
    range: pageRange(page),
  });
  const title = translate('app.reconciliation.title');
  const rows = data?.data ?? [];
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={title} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.reconciliation.intro')}
      </Typography>
      <Card sx={{ mb: 2 }}>
        <CardContent sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between' }}>
          <PeriodPicker value={period} onChange={change => { setPeriod(change); setPage(0); }} />
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <ChoiceSelect
              id="gap"
              label={translate('app.reconciliation.columns.gap')}
              all={translate('app.reconciliation.every_gap')}
              value={gap}
              options={RECONCILIATION_GAPS.map(g => ({ value: g, label: translate(`app.reconciliation.gaps.${g}`) }))}
              onChange={chosen => choose('gap', chosen)}
            />
            <ChoiceSelect
              id="kind"
              label={translate('app.reconciliation.columns.kind')}
              all={translate('app.reconciliation.every_kind')}
              value={kind}
              options={PAYMENT_KINDS.map(k => ({ value: k, label: translate(`app.enums.${k}`) }))}
              onChange={chosen => choose('kind', chosen)}
              minWidth={160}
            />
            <DownloadButtons what={title} start={(format, onProgress) => dataProvider.download('reports/payment-reconciliation', { query: reportParams(period) }, format, onProgress)} />
          </Box>
        </CardContent>
      </Card>
      <Card>
        {isPending && <Skeleton variant="rounded" height={300} />}
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {!isPending && !error && rows.length === 0 && <EmptyState title={translate('app.reconciliation.empty')} hint={translate('app.charts.empty_hint')} />}
        {rows.length > 0 && (
          <>
            <TableContainer>
              <Table size="small" aria-label={title}>
                <TableHead>
                  <TableRow>
                    {COLUMNS.map(column => (
                      <TableCell key={column} scope="col" align={column.endsWith('amount') ? 'right' : 'left'}>
                        {translate(`app.reconciliation.columns.${column}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map(row => {
                    const open = target(row);
                    return (
                      <TableRow key={row.id}>
                        <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                          {formatMonth(row.service_month, locale)}
                        </TableCell>
                        <TableCell>
                          <GapChip gap={row.gap} />
                        </TableCell>
                        <TableCell>{translate(`app.enums.${row.kind}`)}</TableCell>
                        <TableCell>{row.organization_name}</TableCell>
                        <TableCell sx={{ fontFamily: 'monospace' }}>{row.contract_number}</TableCell>
                        <TableCell>{row.child_name}</TableCell>
                        <TableCell align="right">{formatMoney(row.expected_amount, locale)}</TableCell>
                        <TableCell align="right">{formatMoney(row.actual_amount, locale)}</TableCell>
                        <TableCell>{row.detail}</TableCell>
                        <TableCell>
                          {open && (
                            <Button size="small" component={Link} to={recordPath(open[0], open[1])}>
                              {translate(`resources.${open[0]}.name`, { smart_count: 1 })}
                            </Button>
                          )}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </TableContainer>
            <PagePagination total={data?.total ?? rows.length} page={page} onPage={setPage} />
          </>
        )}
      </Card>
    </Box>
  );
};
