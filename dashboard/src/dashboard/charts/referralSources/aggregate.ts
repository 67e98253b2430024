import { SOURCE_TYPES, type ReferralSourcesReport, type SourceType } from '../../reportTypes';
import { num, periodColumn, sum, type ChartModel, type Row } from '../model';

export interface ReferralSourcesData {
  sources: SourceType[];
  rows: ({ period: string; label: string; total: number } & Record<SourceType, number>)[];
  totals: Record<SourceType | 'total', number>;
  shares: Record<SourceType, number>;
}

/** Per month, referrals by source (stacked bars), and each source's share of the period. */
export function aggregate(report: ReferralSourcesReport): ChartModel<ReferralSourcesData> {
  const sources = (report.sources?.length ? report.sources : [...SOURCE_TYPES]) as SourceType[];
  const rows = (report.series ?? []).map(point => {
    const counts = Object.fromEntries(sources.map(s => [s, num(point[s])])) as Record<SourceType, number>;
    return { period: point.period, label: point.label, ...counts, total: sum(Object.values(counts)) };
  });
  const totals = Object.fromEntries(sources.map(s => [s, sum(rows.map(r => r[s]))])) as Record<SourceType, number>;
  const total = sum(Object.values(totals));
  const shares = Object.fromEntries(sources.map(s => [s, total ? totals[s] / total : 0])) as Record<SourceType, number>;
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
