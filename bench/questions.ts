import { round } from './reports';
import { median, type BenchContext } from './setup';

/**
 * A question over every service activity, grouped by month (POST /api/questions/run, signed
 * in as a ministry manager: every organisation), against a one-shot statement written here for
 * the same numbers from the base table, sent straight through the bare pg pool. The endpoint
 * pays for HTTP, sign-in, spec checks, the read-only transaction and its time limit, the audit
 * row, labels and drill-down filters, and answers from rollup_activity_hours where it can
 * (server/questions/rollups.ts). Target: ≤ 1.3× the statement and under a second.
 */
const SPEC = { resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'month' }], measure: { fn: 'count' } };

/**
 * The same numbers from the base table, the fastest one-shot way found: the activities counted
 * per day, then the days put in their months (date_trunc on every row instead was 1.2-2.0 s
 * against 1.0-1.3 s at 1 M children, and to_char 3.1 s).
 */
const BY_MONTH_SQL = `
select date_trunc('month', d.activity_date::timestamp)::date::text as month, sum(d.n)::bigint as value
from (select activity_date, count(*) as n from service_activities group by 1) d
group by 1
order by 1`;

export interface QuestionResult {
  name: string;
  rows: number;
  groups: number;
  endpoint_ms: number;
  sql_ms: number;
  ratio: number;
  target: string;
  met: boolean;
  endpoint_runs_ms: number[];
  sql_runs_ms: number[];
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const value = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, value];
}

export async function benchQuestions(ctx: BenchContext, rounds: number, log: (line: string) => void): Promise<QuestionResult[]> {
  const ask = async () => {
    const response = await fetch(`${ctx.baseUrl}/api/questions/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.tokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify(SPEC),
    });
    if (!response.ok) throw new Error(`question: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { rows: { group: unknown[]; value: number }[] };
  };
  const direct = async () => (await ctx.pool.query<{ month: string; value: string }>(BY_MONTH_SQL)).rows;

  // one warm-up of each, and the same numbers both ways, month by month; then alternate
  const answer = await ask();
  const rows = await direct();
  const months = (pairs: [unknown, unknown][]) => JSON.stringify(pairs.map(([month, value]) => [String(month), Number(value)]));
  if (months(answer.rows.map((r) => [r.group[0], r.value])) !== months(rows.map((r) => [r.month, r.value]))) {
    throw new Error('questions: the endpoint and the SQL count differently');
  }
  const counted = answer.rows.reduce((sum, r) => sum + r.value, 0);
  const endpointRuns: number[] = [];
  const sqlRuns: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    endpointRuns.push((await timed(ask))[0]);
    sqlRuns.push((await timed(direct))[0]);
  }
  const endpoint = median(endpointRuns);
  const sql = median(sqlRuns);
  const ratio = endpoint / sql;
  log(`  service activities by month (${counted.toLocaleString('en')} rows, ${rows.length} groups): endpoint ${round(endpoint)} ms, SQL ${round(sql)} ms, ${round(ratio, 2)}×`);
  return [
    {
      name: 'service activities by month',
      rows: counted,
      groups: rows.length,
      endpoint_ms: round(endpoint),
      sql_ms: round(sql),
      ratio: round(ratio, 2),
      target: '≤ 1.3×, < 1000 ms',
      met: ratio <= 1.3 && endpoint < 1000,
      endpoint_runs_ms: endpointRuns.map((v) => round(v)),
      sql_runs_ms: sqlRuns.map((v) => round(v)),
    },
  ];
}
