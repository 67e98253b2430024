import type { Selection } from './charts/types';
import { explanationUrl } from '../reporting/explanation';
import type { PeriodState } from '../reporting/period';

/**
 * Where a click on a chart goes: the explanation of the figure clicked — the series (a source,
 * a programme, a kind or a status) at the point clicked (a month, a quarter or a histogram
 * bucket) — or, with nothing clicked, the chart's figure over the whole period. A line chart
 * knows the point clicked, not the line: it opens the point's default figure, and the
 * explanation page links the other series of the same point.
 */
const explain = (report: string, defaultKey: string) => (period: PeriodState, selection: Selection) =>
  explanationUrl({ report, key: selection.series ?? defaultKey, bucket: selection.bucket ?? null }, period);

export const drillDowns = {
  referralSources: explain('referral-sources', 'total'),
  waitTimes: explain('wait-times', 'initiations'),
  activePlans: explain('active-plans', 'total'),
  paymentSummary: explain('payment-summary', 'total'),
};
