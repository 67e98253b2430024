import { Alert, Card, CardContent, CardHeader } from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';
import type { PaymentContract, PaymentSummaryReport } from '../../../contract/reports';
import { EmptyState } from '../common/EmptyState';
import { useLiveSearchParams } from '../common/useLiveSearchParams';
import { PagePagination, pageRange, useListPage } from '../reporting/PagePagination';
import { reportParams, type PeriodState } from '../reporting/period';
import { useComputed } from '../reporting/useComputed';
import type { Column } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';
import { RelatedRecords } from '../generic/RelatedRecords';
import { renderField } from '../generic/renderField';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { ReportPage } from './ReportPage';

type Contract = PaymentContract;

const money = (key: string): Column<Contract> => ({ key, label: `app.reports.payments.columns.${key}`, format: 'money' });
const CONTRACT_COLUMNS: Column<Contract>[] = [
  { key: 'contract_number', label: 'app.reports.payments.columns.contract_number', format: 'text' },
  { key: 'organization_name', label: 'app.reports.payments.columns.organization_name', format: 'text' },
  money('base_total'),
  money('support_total'),
  money('transition_in_total'),
  money('paid_total'),
  money('scheduled_total'),
  money('cancelled_total'),
  money('total'),
  { key: 'payment_count', label: 'app.reports.payments.columns.payment_count', format: 'number' },
];

/** The payment fields shown on drill-down: what finance reconciles against CAS and ICM. */
const PAYMENT_COLUMNS = ['service_month', 'kind', 'amount', 'status', 'paid_on', 'cas_payment_number', 'icm_order_number'];

const ContractPayments = ({ contract, period }: { contract: Pick<Contract, 'contract_id' | 'contract_number'>; period: PeriodState }) => {
  const translate = useTranslate();
  const payments = useMetaResource('payments');
  const meta = useMeta();
  if (!payments) return null;
  const fields = PAYMENT_COLUMNS.map(name => payments.fields.find(f => f.name === name)).filter(f => f !== undefined);
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={translate('app.reports.payments.contract_payments', { number: contract.contract_number })}>
      <CardHeader title={translate('app.reports.payments.contract_payments', { number: contract.contract_number })} slotProps={{ title: { component: 'h2', variant: 'h6' } }} />
      <CardContent>
        <RelatedRecords
          resource="payments"
          filter={{ contract_id: contract.contract_id, service_month_gte: period.from, service_month_lte: period.to }}
        >
          {fields.map(f => renderField(payments, f, meta, translate, { inList: true }))}
        </RelatedRecords>
      </CardContent>
    </Card>
  );
};

/**
 * The contracts a page of 25 at a time, in the report's order: the first page is the report's own
 * `contracts` (with `contracts_total`), the others come from GET /api/reports/payment-summary/contracts
 * for the same period and organisation. A contract opens its payments below the table, whatever
 * page it is on; one named in the address but on another page is looked up by its id.
 */
export const ContractsTable = ({ report, period }: { report: PaymentSummaryReport; period: PeriodState }) => {
  const translate = useTranslate();
  const [params, updateParams] = useLiveSearchParams();
  const query = reportParams(period);
  const [page, setPage] = useListPage(query);
  const later = useComputed<Contract[]>('reports/payment-summary/contracts', { ...query, range: pageRange(page) }, page > 0);
  const rows = page === 0 ? report.contracts : (later.data?.data ?? []);
  const total = page === 0 ? report.contracts_total : (later.data?.total ?? report.contracts_total);
  const selectedId = Number(params.get('contract'));
  const onPage = rows.find(c => c.contract_id === selectedId);
  const { data: elsewhere } = useGetOne<{ id: number; contract_number: string }>('contracts', { id: selectedId }, { enabled: selectedId > 0 && !onPage });
  const selected = onPage ?? (elsewhere && selectedId > 0 ? { contract_id: selectedId, contract_number: elsewhere.contract_number } : undefined);
  const select = (contract: Contract) => updateParams({ contract: contract.contract_id });
  if (report.contracts_total === 0) {
    return <EmptyState title={translate('app.reports.payments.empty')} hint={translate('app.charts.empty_hint')} />;
  }
  return (
    <>
      <Card>
        {later.error ? (
          <Alert severity="error">{(later.error as Error).message}</Alert>
        ) : (
          <ReportTable
            table={{ title: 'app.reports.payments.title', columns: CONTRACT_COLUMNS, rows }}
            variant="page"
            rowAction={{
              label: 'app.reports.payments.columns.payments',
              ariaLabel: contract => translate('app.reports.payments.contract_payments', { number: contract.contract_number }),
              onClick: select,
              isSelected: contract => contract.contract_id === selectedId,
            }}
          />
        )}
        <PagePagination total={total} page={page} onPage={setPage} />
      </Card>
      {selected && <ContractPayments contract={selected} period={period} />}
    </>
  );
};

/** Payment totals per contract for the period; a contract opens its payments with CAS and ICM numbers. */
export const PaymentSummaryPage = () => {
  const translate = useTranslate();
  return (
    <ReportPage<PaymentSummaryReport>
      report="payment-summary"
      title={translate('app.reports.payments.title')}
      intro={translate('app.reports.payments.intro')}
    >
      {(report, period) => <ContractsTable report={report} period={period} />}
    </ReportPage>
  );
};
