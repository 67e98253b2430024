import { PAYMENT_KINDS, type PaymentKind, type PaymentStatus } from '../../../../../contract/enums';
import { PAYMENT_SUMMARY_STATUSES, type PaymentSummaryReport } from '../../../../../contract/reports';
import { byKey, num, periodColumn, sumMoney, type ChartModel, type Row } from '../../../reporting/model';

export interface PaymentSummaryData {
  rows: ({ period: string; label: string; total: number } & Record<PaymentKind | PaymentStatus, number>)[];
}

/** Per month, payment totals by kind (one stack) and by status (a second stack). */
export function aggregate(report: PaymentSummaryReport): ChartModel<PaymentSummaryData> {
  const rows = (report.series ?? []).map(p => ({
    period: p.period,
    label: p.label,
    ...byKey(PAYMENT_KINDS, kind => num(p[kind])),
    ...byKey(PAYMENT_SUMMARY_STATUSES, status => num(p[status])),
    total: sumMoney(PAYMENT_KINDS.map(kind => num(p[kind]))),
  }));
  const money = (key: string, label: string) => ({ key, label, format: 'money' as const });
  return {
    data: { rows },
    empty: rows.every(r => r.total === 0 && PAYMENT_SUMMARY_STATUSES.every(status => r[status] === 0)),
    tables: [
      {
        title: 'app.charts.payments.table',
        columns: [
          periodColumn,
          ...PAYMENT_KINDS.map(k => money(k, `app.charts.kinds.${k}`)),
          ...PAYMENT_SUMMARY_STATUSES.map(s => money(s, `app.charts.statuses.${s}`)),
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
