import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ChartModel } from '../../reporting/model';
import type { PeriodState } from '../../reporting/period';
import { drillDowns } from '../drillDown';
import * as activePlans from './activePlans/aggregate';
import * as paymentSummary from './paymentSummary/aggregate';
import * as referralSources from './referralSources/aggregate';
import type { ChartProps, Selection } from './types';
import * as waitTimes from './waitTimes/aggregate';

type ChartModule = Promise<{ default: ComponentType<ChartProps<any>> }>;

/** A lazy chart and the same module's loader: the browser loads it once, whichever asks first. */
function lazyChart(load: () => ChartModule): Pick<ChartDefinition, 'Chart' | 'preload'> {
  return { Chart: lazy(load), preload: load };
}

/** A dashboard chart: which report feeds it, how its numbers are shaped, how it draws, where a click goes. */
export interface ChartDefinition<R = any, D = any> {
  key: string;
  report: string;
  aggregate: (report: R) => ChartModel<D>;
  Chart: LazyExoticComponent<ComponentType<ChartProps<D>>>;
  /** starts loading the chart's module (recharts included) before its numbers arrive */
  preload: () => Promise<unknown>;
  drillDown: (period: PeriodState, selection: Selection) => string;
}

export const CHARTS: ChartDefinition[] = [
  {
    key: 'referral_sources',
    report: 'referral-sources',
    aggregate: referralSources.aggregate,
    ...lazyChart(() => import('./referralSources/ReferralSourcesChart')),
    drillDown: drillDowns.referralSources,
  },
  {
    key: 'wait_times',
    report: 'wait-times',
    aggregate: waitTimes.aggregate,
    ...lazyChart(() => import('./waitTimes/WaitTimesChart')),
    drillDown: drillDowns.waitTimes,
  },
  {
    key: 'active_plans',
    report: 'active-plans',
    aggregate: activePlans.aggregate,
    ...lazyChart(() => import('./activePlans/ActivePlansChart')),
    drillDown: drillDowns.activePlans,
  },
  {
    key: 'payments',
    report: 'payment-summary',
    aggregate: paymentSummary.aggregate,
    ...lazyChart(() => import('./paymentSummary/PaymentSummaryChart')),
    drillDown: drillDowns.paymentSummary,
  },
];
