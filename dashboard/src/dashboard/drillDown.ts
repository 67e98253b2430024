import { PAYMENT_KINDS, PAYMENT_STATUSES } from '../../../contract/enums';
import type { Selection } from './charts/types';
import { monthRange, type DateRange, type PeriodState } from '../reporting/period';

/** A react-admin list URL pre-filtered (`/referrals?filter={...}`); undefined keys left out, null kept (IS NULL). */
export function listUrl(resource: string, filter: Record<string, unknown>): string {
  const kept = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return `/${resource}?${new URLSearchParams({ filter: JSON.stringify(kept) }).toString()}`;
}

export const between = (field: string, range: DateRange) => ({ [`${field}_gte`]: range.from, [`${field}_lte`]: range.to });

/** The days behind a click: the clicked month inside the period, or the whole period. */
export const rangeOf = (period: PeriodState, selection: Selection): DateRange =>
  selection.period ? monthRange(selection.period, period) : { from: period.from, to: period.to };

const organization = (period: PeriodState) => ({ organization_id: period.organizationId ?? undefined });

export const drillDowns = {
  referralSources: (period: PeriodState, selection: Selection) =>
    listUrl('referrals', { ...between('referral_date', rangeOf(period, selection)), source_type: selection.series, ...organization(period) }),
  waitTimes: (period: PeriodState, selection: Selection) =>
    listUrl('service_plans', { program: 'CSP', ...between('initiated_on', rangeOf(period, selection)), ...organization(period) }),
  activePlans: (period: PeriodState, selection: Selection) =>
    listUrl('service_plans', { program: selection.series, status_neq: 'closed', ...organization(period) }),
  paymentSummary: (period: PeriodState, selection: Selection) => {
    const series = selection.series;
    return listUrl('payments', {
      ...between('service_month', rangeOf(period, selection)),
      kind: series && (PAYMENT_KINDS as readonly string[]).includes(series) ? series : undefined,
      status: series && (PAYMENT_STATUSES as readonly string[]).includes(series) ? series : undefined,
    });
  },
  // referral_children has no organisation of its own to filter on; the list is scoped by the server
  waitingChildren: () => listUrl('referral_children', { eligibility: 'eligible', closed_on: null }),
};
