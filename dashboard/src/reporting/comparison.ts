import type { FigureComparison } from '../../../contract/reports';
import type { ValueFormat } from './format';

/**
 * A figure's change beside its comparison, as one line: an arrow, the change with its sign and
 * the change in percent ("▲ +3 (+50%)"); "—" when either side is missing, no percent when the
 * comparison was 0, "= 0" when nothing changed.
 */
export function changeText(comparison: FigureComparison | undefined, format: ValueFormat, formatValue: (value: unknown, format: ValueFormat) => string): string {
  if (!comparison || comparison.change === null) return '—';
  const { change, change_pct } = comparison;
  if (change === 0) return `= ${formatValue(0, format)}`;
  const sign = change > 0 ? '+' : '−';
  const amount = `${change > 0 ? '▲' : '▼'} ${sign}${formatValue(Math.abs(change), format)}`;
  return change_pct === null ? amount : `${amount} (${sign}${formatValue(Math.abs(change_pct) / 100, 'percent')})`;
}
