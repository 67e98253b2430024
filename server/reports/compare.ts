import type { Knex } from 'knex';
import type { ComparisonKind, FigureComparison, ReportComparison, ReportFigures, ReportTrend } from '../../contract/reports';
import type { CurrentUser } from '../access/roles';
import { addDays, addMonths, daysBetween, endOfMonth, today as todayOf } from '../dates';
import { primaryReads, type ReadRouting } from '../db/readRouting';
import { onOneConnectionEach, poolSize } from './concurrent';
import { REPORTS } from './registry';
import { runReport, type ReportRun } from './run';
import type { ReportMemo } from './runMemo';

/**
 * Comparisons and trends (docs/reports.md "Comparisons"): a report run again for the period
 * before, or a year before, and its figures (`ReportDefinition.figures`) beside the report's.
 * Nothing here knows a report's SQL: it is a wrapper around `runReport`.
 *
 * The comparison period, `steps` comparisons back:
 * - `previous`: a period of whole months (from a 1st to a month's last day: a quarter, interim,
 *   a fiscal year) → the same number of months just before (Q2 → Q1, Q1 → Q4 of the year
 *   before); any other period → the same number of days just before.
 * - `last_year`: the same dates 12 months earlier, 29 February → 28 February; a period of whole
 *   months stays whole (February 2025 → 1–29 February 2024).
 * When the period runs past today (the dashboard's default, the current fiscal year), its
 * numbers stop at today, so the comparison stops at today moved the same way: a year to date
 * compares with the same days of the year before, not with the whole of it.
 */
export interface Period {
  from: string;
  to: string;
}

/** The number of months of a period from a 1st to the last day of a month; null otherwise. */
function wholeMonths({ from, to }: Period): number | null {
  if (from.slice(8) !== '01' || to !== endOfMonth(to)) return null;
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** A date moved back the way the period moves `steps` comparisons back. */
function moveBack(date: string, period: Period, kind: ComparisonKind, steps: number): string {
  if (kind === 'last_year') return addMonths(date, -12 * steps);
  const months = wholeMonths(period);
  return months === null ? addDays(date, -(daysBetween(period.from, period.to) + 1) * steps) : addMonths(date, -months * steps);
}

/** The period `steps` comparisons back, before any cut at today. */
export function shiftedPeriod(period: Period, kind: ComparisonKind, steps = 1): Period {
  const months = wholeMonths(period);
  const from = moveBack(period.from, period, kind, steps);
  if (months === null) return { from, to: moveBack(period.to, period, kind, steps) };
  // whole months end on a month's last day, whatever the day of the month moved from
  return { from, to: endOfMonth(addMonths(from, months - 1)) };
}

/** The comparison period, `steps` back, cut at today moved back the same way when the period runs past today. */
export function comparisonPeriod(period: Period, kind: ComparisonKind, today: string, steps = 1): Period {
  const shifted = shiftedPeriod(period, kind, steps);
  if (!(period.from <= today && today < period.to)) return shifted;
  const cut = moveBack(today, period, kind, steps);
  return { from: shifted.from, to: cut < shifted.from ? shifted.from : cut > shifted.to ? shifted.to : cut };
}

const round = (value: number, decimals: number) => Math.round((value + Number.EPSILON) * 10 ** decimals) / 10 ** decimals;

/** A figure beside its comparison (figures have at most two decimals, so the change is rounded to two). */
export function figureComparison(value: number | null, compared: number | null): FigureComparison {
  if (value === null || compared === null) return { value, compared, change: null, change_pct: null };
  const change = round(value - compared, 2);
  return { value, compared, change, change_pct: compared === 0 ? null : round((change / Math.abs(compared)) * 100, 1) };
}

export function compareFigures(values: ReportFigures, compared: ReportFigures): Record<string, FigureComparison> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, figureComparison(values[key], compared[key] ?? null)]));
}

const HEADER = ['from', 'to', 'organization_id', 'generated_at', 'data_as_of', 'read_from', 'read_note'];

function withoutHeader(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !HEADER.includes(key)));
}

/** Where a request's report runs read (a reports standby when configured) and what they share within a page load (runMemo.ts). */
export interface RunOptions {
  reads?: ReadRouting;
  memo?: ReportMemo;
}

/** `runReport`, and with `compare` the same report for the comparison period as `comparison`: two runs, the period's once. */
export async function runComparedReport(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  compare: ComparisonKind | null,
  { reads = primaryReads(knex, clock), memo }: RunOptions = {},
): Promise<Awaited<ReturnType<typeof runReport>> & { comparison?: ReportComparison }> {
  const body = await runReport(knex, clock, user, name, run, reads, memo);
  if (compare === null) return body;
  const figures = REPORTS.get(name)!.figures!;
  const period = comparisonPeriod(run, compare, todayOf(clock));
  const compared = await runReport(knex, clock, user, name, { ...run, ...period }, reads, memo);
  return {
    ...body,
    comparison: { kind: compare, ...period, result: withoutHeader(compared), figures: compareFigures(figures(body as never), figures(compared as never)) },
  };
}

/** `work` for each item, at most `width` at a time, the results in the items' order; after a failure no other item starts. */
async function inTurns<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

/**
 * The report's figures for `count` periods: the period asked for, last, and the `count − 1`
 * comparison periods before it, oldest first. Each period is one run of the report, exactly as
 * GET /api/reports/<name> runs it for that period (so a comparison or a card asking for the
 * same period shares it: runMemo.ts), the newest first, side by side on at most half of the
 * pool's connections and each on one connection (concurrent.ts `onOneConnectionEach`), so the
 * report a card waits for always finds a connection and the pool's fan-out.
 */
export async function reportTrend(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  compare: ComparisonKind,
  count: number,
  { reads = primaryReads(knex, clock), memo }: RunOptions = {},
): Promise<ReportTrend> {
  const figures = REPORTS.get(name)!.figures!;
  const today = todayOf(clock);
  const newestFirst: Period[] = Array.from({ length: count }, (_, steps) => (steps === 0 ? { from: run.from, to: run.to } : comparisonPeriod(run, compare, today, steps)));
  const width = Math.max(1, Math.floor(poolSize(knex) / 2));
  const bodies = await onOneConnectionEach(() => inTurns(newestFirst, width, (period) => runReport(knex, clock, user, name, { ...run, ...period }, reads, memo)));
  const periods = newestFirst.map((period, i) => ({ ...period, figures: figures(bodies[i] as never) })).reverse();
  return { report: name, compare, organization_id: bodies[0].organization_id as number | null, generated_at: clock().toISOString(), periods };
}
