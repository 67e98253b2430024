import type { Knex } from 'knex';
import type { ComparisonKind, FigureComparison, ReportComparison, ReportFigures, ReportTrend } from '../../contract/reports';
import type { CurrentUser } from '../access/roles';
import { addDays, addMonths, daysBetween, endOfMonth, today as todayOf } from '../dates';
import { primaryReads, type ReadRouting } from '../db/readRouting';
import type { Bucket } from './period';
import { REPORTS } from './registry';
import { runReport, type ReportRun } from './run';

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

/** `runReport`, and with `compare` the same report for the comparison period as `comparison`. */
export async function runComparedReport(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  compare: ComparisonKind | null,
  reads: ReadRouting = primaryReads(knex, clock),
): Promise<Awaited<ReturnType<typeof runReport>> & { comparison?: ReportComparison }> {
  const body = await runReport(knex, clock, user, name, run, reads);
  if (compare === null) return body;
  const figures = REPORTS.get(name)!.figures!;
  const period = comparisonPeriod(run, compare, todayOf(clock));
  const compared = await runReport(knex, clock, user, name, { ...run, ...period }, reads);
  return {
    ...body,
    comparison: { kind: compare, ...period, result: withoutHeader(compared), figures: compareFigures(figures(body as never), figures(compared as never)) },
  };
}

/** One point for the whole period: a report's figures need no months of their own. */
const wholePeriod = ({ from, to }: Period): Bucket[] => [{ period: 'period', label: 'period', start: from, end: to }];

/**
 * The report's figures for `count` periods: the period asked for, last, and the `count − 1`
 * comparison periods before it, oldest first. Each is one run of the report with one bucket
 * (the whole period), one after the other on the reads' connection.
 */
export async function reportTrend(
  knex: Knex,
  clock: () => Date,
  user: CurrentUser,
  name: string,
  run: ReportRun,
  compare: ComparisonKind,
  count: number,
  reads: ReadRouting = primaryReads(knex, clock),
): Promise<ReportTrend> {
  const figures = REPORTS.get(name)!.figures!;
  const today = todayOf(clock);
  const periods: ReportTrend['periods'] = [];
  let organizationId: number | null = null;
  for (let steps = count - 1; steps >= 0; steps -= 1) {
    const period = steps === 0 ? { from: run.from, to: run.to } : comparisonPeriod(run, compare, today, steps);
    const body = await runReport(knex, clock, user, name, { ...run, ...period, buckets: wholePeriod(period) }, reads);
    organizationId = body.organization_id as number | null;
    periods.push({ ...period, figures: figures(body as never) });
  }
  return { report: name, compare, organization_id: organizationId, generated_at: clock().toISOString(), periods };
}
