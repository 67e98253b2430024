import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import AssignmentIcon from '@mui/icons-material/Assignment';
import HandshakeIcon from '@mui/icons-material/Handshake';
import HourglassIcon from '@mui/icons-material/HourglassBottom';
import TimerIcon from '@mui/icons-material/Timer';
import { Link, Skeleton, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { CardShell } from './CardShell';
import { activePlansAtEnd } from './charts/activePlans/aggregate';
import { paidTotal, paymentsTotal } from './charts/paymentSummary/aggregate';
import { newReferrals } from './charts/referralSources/aggregate';
import { childrenWaiting, medianWait } from './charts/waitTimes/aggregate';
import { explanationUrl } from '../reporting/explanation';
import type { ValueFormat } from '../reporting/format';
import type { PeriodState } from '../reporting/period';
import type { ActivePlansReport, PaymentSummaryReport, ReferralSourcesReport, WaitTimesReport } from '../../../contract/reports';
import { useFormat } from '../reporting/useFormat';
import { useReport } from '../reporting/useReport';

interface KpiDefinition<R = any> {
  key: string;
  report: string;
  icon: ComponentType;
  value: (report: R) => number | null;
  format: ValueFormat;
  /** a second line under the value, from the same report */
  detail?: (report: R) => { key: string; value: number | null; format: ValueFormat };
  /** the series whose figure over the whole period the card shows: its explanation opens on a click */
  explains: string;
}

export const KPIS: KpiDefinition[] = [
  {
    key: 'new_referrals',
    report: 'referral-sources',
    icon: HandshakeIcon,
    value: (r: ReferralSourcesReport) => newReferrals(r),
    format: 'count',
    explains: 'total',
  },
  {
    key: 'children_waiting',
    report: 'wait-times',
    icon: HourglassIcon,
    value: (r: WaitTimesReport) => childrenWaiting(r),
    format: 'count',
    explains: 'waiting',
  },
  {
    key: 'median_wait',
    report: 'wait-times',
    icon: TimerIcon,
    value: (r: WaitTimesReport) => medianWait(r),
    format: 'daysText',
    explains: 'median',
  },
  {
    key: 'active_plans',
    report: 'active-plans',
    icon: AssignmentIcon,
    value: (r: ActivePlansReport) => activePlansAtEnd(r),
    format: 'count',
    explains: 'total',
  },
  {
    key: 'payments',
    report: 'payment-summary',
    icon: AccountBalanceIcon,
    value: (r: PaymentSummaryReport) => paymentsTotal(r),
    format: 'moneyCompact',
    detail: (r: PaymentSummaryReport) => ({ key: 'app.kpi.payments.paid', value: paidTotal(r), format: 'money' }),
    explains: 'total',
  },
];

export const KpiCard = ({ definition, period }: { definition: KpiDefinition; period: PeriodState }) => {
  const translate = useTranslate();
  const format = useFormat();
  const { data, isPending, error } = useReport<unknown>(definition.report, period);
  const Icon = definition.icon;
  const title = translate(`app.kpi.${definition.key}.title`);
  const amount = data ? definition.value(data) : null;
  const value = data ? format(amount, definition.format) : '';
  // the link names the exact amount even when the card shows it rounded
  const exact = data ? format(amount, definition.format === 'moneyCompact' ? 'money' : definition.format) : '';
  const detail = data && definition.detail ? definition.detail(data) : null;
  return (
    <CardShell title={title} icon={<Icon />}>
      {isPending ? (
        <Skeleton variant="text" width={120} height={48} />
      ) : error ? (
        <Typography color="error" variant="body2">
          {translate('app.charts.error')}
        </Typography>
      ) : (
        <>
          <Link
            component={RouterLink}
            to={explanationUrl({ report: definition.report, key: definition.explains }, period)}
            underline="hover" aria-label={translate('app.kpi.link', { title, value: exact })} title={exact}>
            <Typography variant="h4" component="p" sx={{ whiteSpace: 'nowrap' }}>
              {value}
            </Typography>
          </Link>
          <Typography variant="caption" color="text.secondary">
            {detail ? `${translate(detail.key)} ${format(detail.value, detail.format)}` : translate(`app.kpi.${definition.key}.hint`)}
          </Typography>
        </>
      )}
    </CardShell>
  );
};
