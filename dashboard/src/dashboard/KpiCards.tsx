import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import AssignmentIcon from '@mui/icons-material/Assignment';
import HandshakeIcon from '@mui/icons-material/Handshake';
import HourglassIcon from '@mui/icons-material/HourglassBottom';
import TimerIcon from '@mui/icons-material/Timer';
import { Box, Link, Skeleton, Typography } from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import type { ComponentType } from 'react';
import { useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { CardShell } from './CardShell';
import { activePlansAtEnd } from './charts/activePlans/aggregate';
import { paidTotal, paymentsTotal } from './charts/paymentSummary/aggregate';
import { newReferrals } from './charts/referralSources/aggregate';
import { childrenWaiting, medianWait } from './charts/waitTimes/aggregate';
import { CHANGE_ARROWS, changeParts } from '../reporting/comparison';
import { explanationUrl } from '../reporting/explanation';
import type { ValueFormat } from '../reporting/format';
import { Sparkline } from '../reporting/Sparkline';
import type { PeriodState } from '../reporting/period';
import type { ActivePlansReport, PaymentSummaryReport, ReferralSourcesReport, WaitTimesReport } from '../../../contract/reports';
import { useFormat } from '../reporting/useFormat';
import { useKpiFigure, type KpiComparison, type KpiTrendPoint } from './useKpiFigure';

interface KpiDefinition<R = any> {
  key: string;
  report: string;
  icon: ComponentType;
  value: (report: R) => number | null;
  format: ValueFormat;
  /** a second line under the value, from the same report */
  detail?: (report: R) => { key: string; value: number | null; format: ValueFormat };
  /** the figure (`ReportDefinition.figures`) the card shows: its explanation opens on a click, its comparisons and trend are the card's */
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

/** How a money card's change and trend read: exact amounts, not the compact figure. */
const exactFormat = (format: ValueFormat): ValueFormat => (format === 'moneyCompact' ? 'money' : format);

/** The card's small lines (its hint and its comparisons): tight, so that they fit a card of three grid rows. */
const SMALL_LINE = { display: 'block', lineHeight: 1.3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

/**
 * One comparison as a line: the arrow and the direction in words (for a screen reader), the
 * change as the card writes its figure, what it is compared with; the comparison period and its
 * exact value in the title, and for a screen reader.
 */
const ChangeLine = ({ comparison, format }: { comparison: KpiComparison; format: ValueFormat }) => {
  const translate = useTranslate();
  const formatValue = useFormat();
  const parts = changeParts(comparison.figure, format, formatValue);
  const against = translate(`app.kpi_compare.${comparison.kind}`);
  const compared = translate('app.kpi_compare.point', {
    from: formatValue(comparison.from, 'date'),
    to: formatValue(comparison.to, 'date'),
    value: formatValue(comparison.figure?.compared ?? null, exactFormat(format)),
  });
  return (
    <Typography variant="caption" component="p" title={`${against}: ${compared}`} data-compare={comparison.kind} sx={SMALL_LINE}>
      <span aria-hidden="true">{parts ? CHANGE_ARROWS[parts.direction] : '—'} </span>
      <Box component="span" sx={visuallyHidden}>
        {translate(`app.kpi_compare.${parts ? parts.direction : 'none'}`)}{' '}
      </Box>
      {parts && <Box component="span" sx={{ fontWeight: 600 }}>{parts.amount} </Box>}
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {against}
      </Box>
      <Box component="span" sx={visuallyHidden}>
        {` (${compared})`}
      </Box>
    </Typography>
  );
};

/** The sparkline of the card's figure over the last periods, with every value in its text alternative. */
const TrendLine = ({ points, format }: { points: KpiTrendPoint[]; format: ValueFormat }) => {
  const translate = useTranslate();
  const formatValue = useFormat();
  const values = points.map(p => translate('app.kpi_compare.point', { from: formatValue(p.from, 'date'), to: formatValue(p.to, 'date'), value: formatValue(p.value, format) }));
  return <Sparkline values={points.map(p => p.value)} label={translate('app.kpi_compare.sparkline', { count: points.length, values: values.join('; ') })} />;
};

export const KpiCard = ({ definition, period }: { definition: KpiDefinition; period: PeriodState }) => {
  const translate = useTranslate();
  const format = useFormat();
  const { data, isPending, error, comparisons, trend } = useKpiFigure<unknown>(definition.report, definition.explains, period);
  const Icon = definition.icon;
  const title = translate(`app.kpi.${definition.key}.title`);
  const amount = data ? definition.value(data) : null;
  const value = data ? format(amount, definition.format) : '';
  // the link names the exact amount even when the card shows it rounded
  const exact = data ? format(amount, exactFormat(definition.format)) : '';
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
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
            <Link
              component={RouterLink}
              to={explanationUrl({ report: definition.report, key: definition.explains }, period)}
              underline="hover" aria-label={translate('app.kpi.link', { title, value: exact })} title={exact}>
              <Typography variant="h4" component="p" sx={{ whiteSpace: 'nowrap', lineHeight: 1 }}>
                {value}
              </Typography>
            </Link>
            {trend && <TrendLine points={trend} format={exactFormat(definition.format)} />}
          </Box>
          <Typography variant="caption" color="text.secondary" sx={{ ...SMALL_LINE, mt: 0.5 }}>
            {detail ? `${translate(detail.key)} ${format(detail.value, detail.format)}` : translate(`app.kpi.${definition.key}.hint`)}
          </Typography>
          {comparisons.map(comparison => (
            <ChangeLine key={comparison.kind} comparison={comparison} format={definition.format} />
          ))}
        </>
      )}
    </CardShell>
  );
};
