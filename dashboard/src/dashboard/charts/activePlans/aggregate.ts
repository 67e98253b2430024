import type { ActivePlansReport } from '../../reportTypes';
import { num, periodColumn, sum, type ChartModel, type Row } from '../model';

export const PROGRAMS = ['CSP', 'SHSS'] as const;
export type Program = (typeof PROGRAMS)[number];

export interface ActivePlansData {
  rows: { period: string; label: string; month_end: string; CSP: number; SHSS: number; total: number }[];
}

/** Children with an active plan at each month end, by programme. */
export function aggregate(report: ActivePlansReport): ChartModel<ActivePlansData> {
  const rows = (report.series ?? []).map(p => {
    const CSP = num(p.CSP);
    const SHSS = num(p.SHSS);
    return { period: p.period, label: p.label, month_end: p.month_end, CSP, SHSS, total: CSP + SHSS };
  });
  const programColumns = PROGRAMS.map(p => ({ key: p, label: `app.charts.programs.${p}`, format: 'number' as const }));
  const total = { key: 'total', label: 'app.charts.columns.total', format: 'number' as const };
  return {
    data: { rows },
    empty: sum(rows.map(r => r.total)) === 0,
    tables: [
      { title: 'app.charts.active_plans.table', columns: [periodColumn, ...programColumns, total], rows: rows as Row[] },
      {
        title: 'app.charts.active_plans.by_organization',
        columns: [{ key: 'organization_name', label: 'app.charts.columns.organization', format: 'text' }, ...programColumns, total],
        rows: (report.by_organization ?? []).map(o => ({
          organization_name: o.organization_name,
          CSP: num(o.CSP),
          SHSS: num(o.SHSS),
          total: num(o.CSP) + num(o.SHSS),
        })),
      },
    ],
  };
}

/** Children with an active plan at the end of the period (a KPI): the last month's count. */
export function activePlansAtEnd(report: ActivePlansReport): number {
  const rows = aggregate(report).data.rows;
  if (rows.length > 0) return rows[rows.length - 1].total;
  return sum((report.by_organization ?? []).map(o => num(o.total)));
}
