import type { CurrentUser } from '../server/access/roles';
import { comparisonPeriod, reportTrend, runComparedReport } from '../server/reports/compare';
import { REPORTS } from '../server/reports/registry';
import { runReport } from '../server/reports/run';
import { createReportMemo } from '../server/reports/runMemo';
import { today } from '../server/dates';
import { round, timed } from './reports';
import { loadNow, median, type BenchContext } from './setup';

/**
 * A KPI with its comparisons and its 8-period trend, asked for as the dashboard asks
 * (dashboard/src/dashboard/useKpiFigure.ts: the report, then `compare=previous`,
 * `compare=last_year` and `/trend?periods=8` at once; the CSP page: the measures with
 * `compare=last_year` and their `last_year` trend), as a ministry manager, every organisation,
 * through what the reports router runs (reports/compare.ts with one memo per round,
 * reports/runMemo.ts), against the same 13 (CSP page: 10) report runs made independently: what
 * the server did before runs were shared — the report, then two runs per comparison and eight
 * for the trend, one after the other in each request, the requests side by side. Both in
 * process, without HTTP (whose sign-in, audit row and JSON are the same either way), so the
 * ratio is what sharing and the trend's lanes save. Target: one run per distinct period
 * (counted by wrapping the report's `run`).
 */
const FROM = '2025-04-01';
const TO = '2026-03-31';
const PERIODS = 8;

interface Asked {
  name: string;
  report: string;
  /** the comparisons asked for beside the report */
  compares: ('previous' | 'last_year')[];
  trend: 'previous' | 'last_year';
}

const ASKED: Asked[] = [
  { name: 'KPI referral-sources (report, 2 comparisons, 8-period trend)', report: 'referral-sources', compares: ['previous', 'last_year'], trend: 'previous' },
  { name: 'KPI active-plans (report, 2 comparisons, 8-period trend)', report: 'active-plans', compares: ['previous', 'last_year'], trend: 'previous' },
  { name: 'CSP page (measures, last year, 8-year trend)', report: 'csp-measures', compares: ['last_year'], trend: 'last_year' },
];

export interface KpiTrendResult {
  name: string;
  endpoint_ms: number;
  /** report runs made, and the distinct periods among them */
  runs: number;
  periods: number;
  independent_ms: number;
  independent_runs: number;
  ratio: number;
  target: string;
  met: boolean;
  endpoint_runs_ms: number[];
  independent_runs_ms: number[];
  load: number;
}

/** As the page asks: the report, then its comparisons and trend at once, sharing one memo. */
async function shared(ctx: BenchContext, user: CurrentUser, asked: Asked): Promise<void> {
  const period = { from: FROM, to: TO, organization_id: null };
  const clock = () => new Date();
  const options = { memo: createReportMemo() };
  await runComparedReport(ctx.knex, clock, user, asked.report, period, null, options);
  await Promise.all([
    ...asked.compares.map((compare) => runComparedReport(ctx.knex, clock, user, asked.report, period, compare, options)),
    reportTrend(ctx.knex, clock, user, asked.report, period, asked.trend, PERIODS, options),
  ]);
}

/** The same requests' runs, each made on its own: the report, then each request's runs one after the other. */
async function independently(ctx: BenchContext, user: CurrentUser, asked: Asked): Promise<number> {
  const period = { from: FROM, to: TO, organization_id: null };
  const on = today(() => new Date());
  const once = (p: { from: string; to: string }) => runReport(ctx.knex, () => new Date(), user, asked.report, { ...period, ...p });
  await once(period);
  const chains = [
    ...asked.compares.map((compare) => [period, comparisonPeriod(period, compare, on)]),
    Array.from({ length: PERIODS }, (_, i) => (i === 0 ? period : comparisonPeriod(period, asked.trend, on, i))),
  ];
  await Promise.all(
    chains.map(async (chain) => {
      for (const p of chain) await once(p);
    }),
  );
  return 1 + chains.reduce((n, chain) => n + chain.length, 0);
}

export async function benchKpiTrend(ctx: BenchContext, rounds: number, log: (line: string) => void): Promise<KpiTrendResult[]> {
  const user: CurrentUser = await ctx.knex('users').where('id', ctx.users.manager).first('id', 'email', 'full_name', 'role', 'organization_id');
  const results: KpiTrendResult[] = [];
  for (const asked of ASKED) {
    const report = REPORTS.get(asked.report)!;
    const run = report.run;
    const ran: string[] = [];
    const endpointRuns: number[] = [];
    const independentRuns: number[] = [];
    let independentCount = 0;
    try {
      report.run = (knex, input) => {
        ran.push(`${input.from}..${input.to}`);
        return run(knex, input);
      };
      // a warm-up of each, then alternate so both see the same cache and machine load
      await shared(ctx, user, asked);
      independentCount = await independently(ctx, user, asked);
      for (let i = 0; i < rounds; i += 1) {
        ran.length = 0;
        endpointRuns.push((await timed(() => shared(ctx, user, asked)))[0]);
        independentRuns.push((await timed(() => independently(ctx, user, asked)))[0]);
      }
    } finally {
      report.run = run;
    }
    // `ran` holds the last round's shared runs and then the independent ones'
    const appRuns = ran.slice(0, ran.length - independentCount);
    const endpoint = median(endpointRuns);
    const independent = median(independentRuns);
    const periods = new Set(appRuns).size;
    results.push({
      name: asked.name,
      endpoint_ms: round(endpoint),
      runs: appRuns.length,
      periods,
      independent_ms: round(independent),
      independent_runs: independentCount,
      ratio: round(endpoint / independent, 2),
      target: 'one run per distinct period',
      met: appRuns.length === periods,
      endpoint_runs_ms: endpointRuns.map((v) => round(v)),
      independent_runs_ms: independentRuns.map((v) => round(v)),
      load: loadNow(),
    });
    log(
      `  ${asked.name}: ${round(endpoint)} ms, ${appRuns.length} runs for ${periods} periods; ${independentCount} independent runs ${round(independent)} ms, ${round(endpoint / independent, 2)}×; load ${loadNow()}`,
    );
  }
  return results;
}
