import type { ExplanationRow, ExplanationStatistic } from '../../contract/reports';
import type { Explanation } from '../../server/reports/explain';

/**
 * Checks on explanations that do not trust the server's own summary: the statistic of the rows'
 * contributions is worked out here, in JavaScript, and compared with the report's figure.
 */
function round(value: number, decimals: number | null): number {
  const factor = 10 ** (decimals ?? 0);
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

/** percentile_cont: linear interpolation between the two nearest values. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

export function statisticOf(rows: readonly ExplanationRow[], statistic: ExplanationStatistic, decimals: number | null): number | null {
  const values = rows.map((r) => r.contribution);
  if (statistic === 'sum') return round(values.reduce((a, b) => a + b, 0), decimals);
  if (values.length === 0) return null;
  if (statistic === 'mean') return round(values.reduce((a, b) => a + b, 0) / values.length, decimals);
  return round(percentile(values, statistic === 'median' ? 0.5 : 0.9), decimals);
}

/** The rows are exactly the units `ids` (in any order), and the figure follows from their contributions. */
export function expectExplains(explanation: Explanation, figure: number | null, ids: readonly number[]): void {
  expect(explanation.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  expect(statisticOf(explanation.rows, explanation.statistic, explanation.decimals)).toBe(figure);
  expect(explanation.figure).toBe(figure);
  expect(explanation.count).toBe(explanation.rows.length);
}

/** The row of unit `id`. */
export function rowOf(explanation: Explanation, id: number): ExplanationRow {
  const row = explanation.rows.find((r) => r.id === id);
  if (!row) throw new Error(`No row for ${id} in ${explanation.report} ${explanation.key}`);
  return row;
}
