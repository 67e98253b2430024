import { Alert, Card, CardContent, CardHeader, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { RequestReconciliation as Reconciliation } from '../../../contract/reconciliation';
import { formatMoney, formatMonth } from '../meta/format';
import { useComputed } from '../reporting/useComputed';
import { GapChips } from './GapChips';

const COLUMNS = ['service_month', 'expected_amount', 'actual_amount', 'status', 'cas_payment_number', 'icm_order_number', 'gaps'] as const;

/** On a support request's page: each service month, what is expected against the payment there, and the gaps. */
export const RequestReconciliation = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const record = useRecordContext();
  const { data, isPending, error } = useComputed<Reconciliation>(`payment_reconciliation/support_requests/${record?.id}`, {}, Boolean(record?.id));
  const title = translate('app.reconciliation.request_title');
  if (!record) return null;
  const reconciliation = data?.data;
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={title}>
      <CardHeader title={title} slotProps={{ title: { component: 'h2', variant: 'h6' } }} />
      <CardContent>
        {isPending && <Skeleton variant="rounded" height={120} />}
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {reconciliation && reconciliation.months.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {translate(reconciliation.status === 'approved' ? 'app.reconciliation.no_months' : 'app.reconciliation.not_approved')}
          </Typography>
        )}
        {reconciliation && reconciliation.months.length > 0 && (
          <TableContainer>
            <Table size="small">
              <TableHead>
                <TableRow>
                  {COLUMNS.map(column => (
                    <TableCell key={column} scope="col">
                      {translate(`app.reconciliation.columns.${column}`)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {reconciliation.months.map(month => (
                  <TableRow key={`${month.service_month}-${month.payment_id}`}>
                    <TableCell component="th" scope="row">
                      {formatMonth(month.service_month, locale)}
                    </TableCell>
                    <TableCell>{formatMoney(month.expected_amount, locale)}</TableCell>
                    <TableCell>{formatMoney(month.actual_amount, locale)}</TableCell>
                    <TableCell>{month.status ? translate(`app.enums.${month.status}`) : '—'}</TableCell>
                    <TableCell>{month.cas_payment_number ?? ''}</TableCell>
                    <TableCell>{month.icm_order_number ?? ''}</TableCell>
                    <TableCell>
                      {month.gaps.length ? <GapChips gaps={month.gaps} /> : translate('app.reconciliation.reconciled')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </CardContent>
    </Card>
  );
};
