import { ACTIVE_PLANS_PROGRAMS, type ActivePlansReport, type ActivePlansResult } from '../../../../../contract/reports';
import { byKey, num, numOrNull, periodColumn, sum, type ChartModel, type Row } from '../../../reporting/model';
import { besideCompared, comparedPoints, comparedTable, type Overlay } from '../overlay';

export interface ActivePlansData {
  /** null counts: a month after today, with no numbers yet (a gap in the lines); with an overlay, `compared_<programme>` */
  rows: (ActivePlansReport['series'][number] & Partial<Record<`compared_${string}`, number | string | null>>)[];
}

/**
 * Children with an active plan at each month end, by programme. `total` is the server's: a
 * child with plans in both programmes counts once there, so it is not CSP + SHSS.
 */
export function aggregate(report: ActivePlansReport, overlay?: Overlay<ActivePlansResult>): ChartModel<ActivePlansData> {
  // the comparison's month end and its programmes' counts: a dashed line beside each programme's
  const compared = comparedPoints(overlay, ['period', ...ACTIVE_PLANS_PROGRAMS], result => aggregate({ ...report, ...result }).data.rows);
  const rows = (report.series ?? []).map(p => ({
    period: p.period,
    label: p.label,
    month_end: p.month_end,
    ...byKey(ACTIVE_PLANS_PROGRAMS, program => numOrNull(p[program])),
    total: numOrNull(p.total),
  }));
  const programColumns = ACTIVE_PLANS_PROGRAMS.map(p => ({ key: p, label: `app.charts.programs.${p}`, format: 'number' as const }));
  const total = { key: 'total', label: 'app.charts.columns.total', format: 'number' as const };
  return {
    data: { rows: besideCompared(rows, compared) },
    empty: sum(rows.map(r => r.total ?? 0)) === 0,
    tables: [
      comparedTable({ title: 'app.charts.active_plans.table', columns: [periodColumn, ...programColumns, total], rows: rows as Row[] }, compared),
      {
        title: 'app.charts.active_plans.by_organization',
        columns: [{ key: 'organization_name', label: 'app.charts.columns.organization', format: 'text' }, ...programColumns, total],
        rows: (report.by_organization ?? []).map(o => ({
          organization_name: o.organization_name,
          ...byKey(ACTIVE_PLANS_PROGRAMS, program => num(o[program])),
          total: num(o.total),
        })),
      },
    ],
  };
}

/** Children with an active plan at the end of the period so far (a KPI): the last month counted. */
export function activePlansAtEnd(report: ActivePlansReport): number {
  const counted = aggregate(report).data.rows.filter(r => r.total !== null);
  if (counted.length > 0) return counted[counted.length - 1].total as number;
  return sum((report.by_organization ?? []).map(o => num(o.total)));
}
