import type { BuiltInCard as BuiltInCardKey } from '../../../contract/questions';
import type { PeriodState } from '../reporting/period';
import { ChartCard } from './ChartCard';
import { CHARTS } from './charts';
import { KPIS, KpiCard } from './KpiCards';

/** The report a built-in card shows (null: no such card). */
export function builtInCardReport(card: BuiltInCardKey): string | null {
  const [kind, key] = card.split('.');
  return ((kind === 'kpi' ? KPIS : CHARTS) as readonly { key: string; report: string }[]).find(d => d.key === key)?.report ?? null;
}

/**
 * A built-in card of a dashboard (`dashboard_cards.report_card`): `kpi.<key>` is a KPI card of
 * KPIS, `chart.<key>` a chart card of CHARTS, each fetching its report for the period itself
 * (cards of the same report share one request).
 */
export const BuiltInCard = ({ card, period }: { card: BuiltInCardKey; period: PeriodState }) => {
  const [kind, key] = card.split('.');
  if (kind === 'kpi') {
    const definition = KPIS.find(k => k.key === key);
    return definition ? <KpiCard definition={definition} period={period} /> : null;
  }
  const definition = CHARTS.find(c => c.key === key);
  return definition ? <ChartCard definition={definition} period={period} /> : null;
};
