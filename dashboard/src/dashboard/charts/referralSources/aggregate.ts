import { REFERRAL_SOURCE_TYPES, type ReferralSourceType } from '../../../../../contract/enums';
import type { ReferralSourcesReport, ReferralSourcesResult } from '../../../../../contract/reports';
import { byKey, num, periodColumn, sum, type ChartModel, type Row } from '../../../reporting/model';
import { besideCompared, comparedPoints, comparedTable, type Overlay } from '../overlay';

export interface ReferralSourcesData {
  sources: ReferralSourceType[];
  /** with an overlay, each month's `compared_total`: the comparison period's month at the same position */
  rows: ({ period: string; label: string; total: number; compared_total?: number | null } & Record<ReferralSourceType, number>)[];
  totals: Record<ReferralSourceType | 'total', number>;
  shares: Record<ReferralSourceType, number>;
}

/** Per month, referrals by source (stacked bars), and each source's share of the period; with an overlay, the comparison's totals. */
export function aggregate(report: ReferralSourcesReport, overlay?: Overlay<ReferralSourcesResult>): ChartModel<ReferralSourcesData> {
  // the comparison's month and its total: a dashed line over the bars
  const compared = comparedPoints(overlay, ['period', 'total'], result => aggregate({ ...report, ...result }).data.rows);
  const sources = (report.sources?.length ? report.sources : [...REFERRAL_SOURCE_TYPES]) as ReferralSourceType[];
  const rows = (report.series ?? []).map(point => {
    const counts = byKey(sources, s => num(point[s]));
    return { period: point.period, label: point.label, ...counts, total: sum(Object.values(counts)) };
  });
  const totals = byKey(sources, s => sum(rows.map(r => r[s])));
  const total = sum(Object.values(totals));
  const shares = byKey(sources, s => (total ? totals[s] / total : 0));
  const sourceColumns = sources.map(s => ({ key: s, label: `app.charts.sources.${s}`, format: 'number' as const }));
  const table = {
    title: 'app.charts.referral_sources.table',
    columns: [periodColumn, ...sourceColumns, { key: 'total', label: 'app.charts.columns.total', format: 'number' as const }],
    rows: rows as unknown as Row[],
  };
  return {
    data: { sources, rows: besideCompared(rows, compared), totals: { ...totals, total }, shares },
    empty: total === 0,
    tables: [
      comparedTable(table, compared),
      {
        title: 'app.charts.referral_sources.shares',
        columns: [
          { key: 'source', label: 'app.charts.columns.source', format: 'text' },
          { key: 'count', label: 'app.charts.columns.count', format: 'number' },
          { key: 'share', label: 'app.charts.columns.share', format: 'percent' },
        ],
        rows: sources.map(s => ({ source: `app.charts.sources.${s}`, count: totals[s], share: shares[s] })),
      },
    ],
  };
}

/** New referrals in the period (a KPI). */
export const newReferrals = (report: ReferralSourcesReport): number => aggregate(report).data.totals.total;
