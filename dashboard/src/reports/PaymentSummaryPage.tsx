import { Card, CardContent, CardHeader } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import type { PaymentSummaryReport } from '../../../contract/reports';
import { EmptyState } from '../common/EmptyState';
import type { PeriodState } from '../reporting/period';
import type { Column } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';
import { RelatedRecords } from '../generic/RelatedRecords';
import { renderField } from '../generic/renderField';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { ReportPage } from './ReportPage';

type Contract = PaymentSummaryReport['contracts'][number];

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

const ContractPayments = ({ contract, period }: { contract: Contract; period: PeriodState }) => {
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

const ContractsTable = ({ report, period }: { report: PaymentSummaryReport; period: PeriodState }) => {
  const translate = useTranslate();
  const [params, setParams] = useSearchParams();
  const selectedId = Number(params.get('contract'));
  const selected = report.contracts.find(c => c.contract_id === selectedId);
  const select = (contract: Contract) => {
    const next = new URLSearchParams(params);
    next.set('contract', String(contract.contract_id));
    setParams(next, { replace: true });
  };
  if (report.contracts.length === 0) {
    return <EmptyState title={translate('app.reports.payments.empty')} hint={translate('app.charts.empty_hint')} />;
  }
  return (
    <>
      <Card>
        <ReportTable
          table={{ title: 'app.reports.payments.title', columns: CONTRACT_COLUMNS, rows: report.contracts }}
          variant="page"
          rowAction={{
            label: 'app.reports.payments.columns.payments',
            ariaLabel: contract => translate('app.reports.payments.contract_payments', { number: contract.contract_number }),
            onClick: select,
            isSelected: contract => contract.contract_id === selectedId,
          }}
        />
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
