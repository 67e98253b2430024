import { PAYMENT_KINDS, type PaymentKind, type PaymentStatus } from '../../../../../contract/enums';
import { PAYMENT_SUMMARY_STATUSES, type PaymentSummaryReport, type PaymentSummaryResult } from '../../../../../contract/reports';
import { byKey, num, periodColumn, sumMoney, type ChartModel, type Row } from '../../../reporting/model';
import { besideCompared, comparedPoints, comparedTable, type Overlay } from '../overlay';

export interface PaymentSummaryData {
  /** with an overlay, each month's `compared_total`: the comparison period's month at the same position */
  rows: ({ period: string; label: string; total: number; compared_total?: number | null } & Record<PaymentKind | PaymentStatus, number>)[];
}

/** Per month, payment totals by kind (one stack) and by status (a second stack). */
export function aggregate(report: PaymentSummaryReport, overlay?: Overlay<PaymentSummaryResult>): ChartModel<PaymentSummaryData> {
  // the comparison's month and its total of every kind: a dashed line over the stacks
  const compared = comparedPoints(overlay, ['period', 'total'], result => aggregate({ ...report, ...result }).data.rows);
  const rows = (report.series ?? []).map(p => ({
    period: p.period,
    label: p.label,
    ...byKey(PAYMENT_KINDS, kind => num(p[kind])),
    ...byKey(PAYMENT_SUMMARY_STATUSES, status => num(p[status])),
    total: sumMoney(PAYMENT_KINDS.map(kind => num(p[kind]))),
  }));
  const money = (key: string, label: string) => ({ key, label, format: 'money' as const });
  return {
    data: { rows: besideCompared(rows, compared) },
    empty: rows.every(r => r.total === 0 && PAYMENT_SUMMARY_STATUSES.every(status => r[status] === 0)),
    tables: [
      comparedTable({
        title: 'app.charts.payments.table',
        columns: [
          periodColumn,
          ...PAYMENT_KINDS.map(k => money(k, `app.charts.kinds.${k}`)),
          ...PAYMENT_SUMMARY_STATUSES.map(s => money(s, `app.charts.statuses.${s}`)),
          money('total', 'app.charts.columns.total'),
        ],
        rows: rows as unknown as Row[],
      }, compared),
    ],
  };
}

/** Payments of the period (a KPI): paid and scheduled; cancelled ones are not money spent. */
export const paymentsTotal = (report: PaymentSummaryReport): number =>
  sumMoney(aggregate(report).data.rows.flatMap(r => [r.paid, r.scheduled]));

export const paidTotal = (report: PaymentSummaryReport): number => sumMoney(aggregate(report).data.rows.map(r => r.paid));
