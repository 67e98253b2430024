import { createElement, lazy, type ComponentType } from 'react';
import type { ChartModel } from '../../reporting/model';
import type { PeriodState } from '../../reporting/period';
import { drillDowns } from '../drillDown';
import * as activePlans from './activePlans/aggregate';
import * as paymentSummary from './paymentSummary/aggregate';
import * as referralSources from './referralSources/aggregate';
import type { Overlay } from './overlay';
import type { ChartProps, Selection } from './types';
import * as waitTimes from './waitTimes/aggregate';
import { WaitingNow } from './waitTimes/WaitingList';

type ChartComponent = ComponentType<ChartProps<any>>;

/**
 * A chart's module, loaded on demand (recharts stays out of the main bundle) and started early
 * by `preload`. Once loaded the chart draws in the same render: React.lazy suspends on its
 * first render even for a loaded module, and React then holds the boundary's content back up
 * to 300 ms after its fallback showed — the gap between a report's answer and its chart.
 */
function lazyChart(load: () => Promise<{ default: ChartComponent }>): Pick<ChartDefinition, 'Chart' | 'preload'> {
  let loaded: ChartComponent | null = null;
  const preload = () =>
    load().then(module => {
      loaded = module.default;
      return module;
    });
  const Lazy = lazy(preload);
  const Chart = (props: ChartProps<any>) => createElement(loaded ?? Lazy, props);
  return { Chart, preload };
}

/** A dashboard chart: which report feeds it, how its numbers are shaped, how it draws, where a click goes. */
export interface ChartDefinition<R = any, D = any> {
  key: string;
  report: string;
  /** with an overlay (the report's `comparison`), the compared series beside the report's */
  aggregate: (report: R, overlay?: Overlay<any>) => ChartModel<D>;
  /** drawn inside a Suspense boundary: it suspends until its module is loaded */
  Chart: ComponentType<ChartProps<D>>;
  /** starts loading the chart's module (recharts included) before its numbers arrive */
  preload: () => Promise<unknown>;
  drillDown: (period: PeriodState, selection: Selection) => string;
  /** a list the table view shows after the tables, paged from the server (the children waiting) */
  List?: ComponentType<{ period: PeriodState }>;
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
    List: WaitingNow,
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
