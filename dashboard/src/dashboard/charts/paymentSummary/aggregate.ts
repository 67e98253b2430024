import type { PaymentSummaryReport } from '../../reportTypes';
import { num, periodColumn, sumMoney, type ChartModel, type Row } from '../model';

export const KINDS = ['base', 'support', 'transition_in'] as const;
export const STATUSES = ['paid', 'scheduled', 'cancelled'] as const;

export interface PaymentSummaryData {
  rows: ({ period: string; label: string; total: number } & Record<(typeof KINDS)[number] | (typeof STATUSES)[number], number>)[];
}

/** Per month, payment totals by kind (one stack) and by status (a second stack). */
export function aggregate(report: PaymentSummaryReport): ChartModel<PaymentSummaryData> {
  const rows = (report.series ?? []).map(p => ({
    period: p.period,
    label: p.label,
    base: num(p.base),
    support: num(p.support),
    transition_in: num(p.transition_in),
    paid: num(p.paid),
    scheduled: num(p.scheduled),
    cancelled: num(p.cancelled),
    total: sumMoney([num(p.base), num(p.support), num(p.transition_in)]),
  }));
  const money = (key: string, label: string) => ({ key, label, format: 'money' as const });
  return {
    data: { rows },
    empty: rows.every(r => r.total === 0 && r.paid === 0 && r.scheduled === 0 && r.cancelled === 0),
    tables: [
      {
        title: 'app.charts.payments.table',
        columns: [
          periodColumn,
          ...KINDS.map(k => money(k, `app.charts.kinds.${k}`)),
          ...STATUSES.map(s => money(s, `app.charts.statuses.${s}`)),
          money('total', 'app.charts.columns.total'),
        ],
        rows: rows as unknown as Row[],
      },
    ],
  };
}

/** Payments of the period (a KPI): paid and scheduled; cancelled ones are not money spent. */
export const paymentsTotal = (report: PaymentSummaryReport): number =>
  sumMoney(aggregate(report).data.rows.flatMap(r => [r.paid, r.scheduled]));

export const paidTotal = (report: PaymentSummaryReport): number => sumMoney(aggregate(report).data.rows.map(r => r.paid));
