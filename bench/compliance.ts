import { systemClock } from '../server/clock';
import { addDays, endOfMonth, startOfMonth, today } from '../server/dates';
import { runJob } from '../server/jobs/runner';
import { findJob } from '../server/jobs/registry';
import { median, type BenchContext } from './setup';

/**
 * The compliance calendar and the data-quality scorecard for the ministry (a ministry manager:
 * every organisation, no scope to narrow them), over HTTP: the month view's counts, the list's
 * first page with its total, the scorecard, and the digest job's cost per user. Target (issue
 * 15): each answer under 2 s at a million children. The month is the current one.
 */
export interface ComplianceResult {
  name: string;
  endpoint_ms: number;
  target: string;
  met: boolean;
  runs_ms: number[];
  detail: string;
}

const TARGET_MS = 2000;

async function get(ctx: BenchContext, path: string): Promise<{ ms: number; detail: string }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${ctx.baseUrl}${path}`, { headers: { authorization: `Bearer ${ctx.tokens.manager}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as unknown;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const range = response.headers.get('content-range');
  return { ms, detail: range ?? `${JSON.stringify(body).length.toLocaleString('en')} bytes` };
}

export async function benchCompliance(ctx: BenchContext, rounds: number, log: (line: string) => void): Promise<ComplianceResult[]> {
  const now = today(systemClock);
  const from = startOfMonth(now);
  const to = endOfMonth(now);
  const calendarFrom = addDays(from, -6);
  const calendarTo = addDays(to, 6);
  const cases: [string, string][] = [
    ['compliance calendar (month)', `/api/compliance/calendar?from=${calendarFrom}&to=${calendarTo}`],
    ['compliance list (page 1)', `/api/compliance?from=${from}&to=${to}&range=[0,24]`],
    ['compliance list (overdue, 90 days)', `/api/compliance?from=${addDays(now, -90)}&to=${now}&filter={"status":"overdue"}&range=[0,24]`],
    ['data-quality scorecard', '/api/data_quality'],
  ];
  const results: ComplianceResult[] = [];
  for (const [name, path] of cases) {
    const warm = await get(ctx, path);
    const runs: number[] = [];
    for (let i = 0; i < rounds; i += 1) runs.push((await get(ctx, path)).ms);
    const ms = median(runs);
    results.push({ name, endpoint_ms: Math.round(ms), target: '< 2000 ms', met: ms < TARGET_MS, runs_ms: runs.map(Math.round), detail: warm.detail });
    log(`  ${name}: ${Math.round(ms)} ms (${warm.detail})`);
  }
  const digest = await runJob(findJob('send-compliance-digest')!, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: systemClock }, now);
  const users = Number((await ctx.knex('users').whereIn('role', ['org_admin', 'program_manager', 'portal_worker', 'coordinator']).where('active', true).count('* as n').first())!.n);
  const [run] = await ctx.knex('job_runs').where({ id: digest.id }).select('started_at', 'finished_at');
  const jobMs = new Date(run.finished_at).getTime() - new Date(run.started_at).getTime();
  log(`  send-compliance-digest: ${Math.round(jobMs / 1000)} s for ${users} users (${JSON.stringify(digest.summary)}); its notifications are removed again`);
  await ctx.knex('notifications').where({ kind: 'compliance_digest', record_id: now }).delete();
  await ctx.knex('job_runs').where({ id: digest.id }).delete();
  results.push({ name: 'send-compliance-digest (weekly job)', endpoint_ms: jobMs, target: 'none (weekly)', met: true, runs_ms: [jobMs], detail: `${users} users` });
  return results;
}
