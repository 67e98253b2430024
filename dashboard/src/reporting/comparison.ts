import type { FigureComparison } from '../../../contract/reports';
import type { ValueFormat } from './format';

/** Which way a figure moved from its comparison; null when either side is missing. */
export type ChangeDirection = 'up' | 'down' | 'same';

/**
 * A figure's change beside its comparison, without its arrow: the change with its sign and the
 * change in percent ("+3 (+50%)"), no percent when the comparison was 0, "0" when nothing
 * changed; null when either side is missing.
 */
export function changeParts(
  comparison: FigureComparison | undefined,
  format: ValueFormat,
  formatValue: (value: unknown, format: ValueFormat) => string,
): { direction: ChangeDirection; amount: string } | null {
  if (!comparison || comparison.change === null) return null;
  const { change, change_pct } = comparison;
  if (change === 0) return { direction: 'same', amount: formatValue(0, format) };
  const sign = change > 0 ? '+' : '−';
  const amount = `${sign}${formatValue(Math.abs(change), format)}`;
  return { direction: change > 0 ? 'up' : 'down', amount: change_pct === null ? amount : `${amount} (${sign}${formatValue(Math.abs(change_pct) / 100, 'percent')})` };
}

export const CHANGE_ARROWS: Record<ChangeDirection, string> = { up: '▲', down: '▼', same: '=' };

/**
 * A figure's change beside its comparison, as one line: an arrow, the change with its sign and
 * the change in percent ("▲ +3 (+50%)"); "—" when either side is missing, no percent when the
 * comparison was 0, "= 0" when nothing changed.
 */
export function changeText(comparison: FigureComparison | undefined, format: ValueFormat, formatValue: (value: unknown, format: ValueFormat) => string): string {
  const parts = changeParts(comparison, format, formatValue);
  return parts ? `${CHANGE_ARROWS[parts.direction]} ${parts.amount}` : '—';
}
