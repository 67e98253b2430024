import { REFERRAL_SOURCE_TYPES, type ReferralSourceType } from '../../../../../contract/enums';
import type { ReferralSourcesReport } from '../../../../../contract/reports';
import { byKey, num, periodColumn, sum, type ChartModel, type Row } from '../../../reporting/model';

export interface ReferralSourcesData {
  sources: ReferralSourceType[];
  rows: ({ period: string; label: string; total: number } & Record<ReferralSourceType, number>)[];
  totals: Record<ReferralSourceType | 'total', number>;
  shares: Record<ReferralSourceType, number>;
}

/** Per month, referrals by source (stacked bars), and each source's share of the period. */
export function aggregate(report: ReferralSourcesReport): ChartModel<ReferralSourcesData> {
  const sources = (report.sources?.length ? report.sources : [...REFERRAL_SOURCE_TYPES]) as ReferralSourceType[];
  const rows = (report.series ?? []).map(point => {
    const counts = byKey(sources, s => num(point[s]));
    return { period: point.period, label: point.label, ...counts, total: sum(Object.values(counts)) };
  });
  const totals = byKey(sources, s => sum(rows.map(r => r[s])));
  const total = sum(Object.values(totals));
  const shares = byKey(sources, s => (total ? totals[s] / total : 0));
  const sourceColumns = sources.map(s => ({ key: s, label: `app.charts.sources.${s}`, format: 'number' as const }));
  return {
    data: { sources, rows, totals: { ...totals, total }, shares },
    empty: total === 0,
    tables: [
      {
        title: 'app.charts.referral_sources.table',
        columns: [periodColumn, ...sourceColumns, { key: 'total', label: 'app.charts.columns.total', format: 'number' }],
        rows: rows as unknown as Row[],
      },
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
