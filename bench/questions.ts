import type { CurrentUser } from '../server/access/roles';
import { compileQuestion } from '../server/questions/compile';
import { resolveQuestion } from '../server/questions/spec';
import { resources } from '../server/resources/registry';
import { round } from './reports';
import { median, type BenchContext } from './setup';

/**
 * A question over every service activity, grouped by month (POST /api/questions/run, signed
 * in as a ministry manager: every organisation), against the statement the question compiles
 * to, sent straight through the bare pg pool. The ratio is what the question layer costs:
 * HTTP, sign-in, spec checks, the read-only transaction and its time limit, the audit row,
 * labels and drill-down filters. Target: ≤ 1.3× and under a second.
 */
const SPEC = { resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'month' }], measure: { fn: 'count' } };

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
  const user = (await ctx.knex('users').where({ id: ctx.users.manager }).first('id', 'email', 'full_name', 'role', 'organization_id')) as CurrentUser;
  const context = { resources, user };
  const statement = compileQuestion(resolveQuestion(SPEC, context), context, ctx.knex).query.toSQL().toNative();
  const ask = async () => {
    const response = await fetch(`${ctx.baseUrl}/api/questions/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.tokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify(SPEC),
    });
    if (!response.ok) throw new Error(`question: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { rows: { value: number }[] };
  };
  const direct = async () => (await ctx.pool.query(statement.sql, [...statement.bindings])).rows as { value: number }[];

  // one warm-up of each, and the same numbers both ways; then alternate
  const answer = await ask();
  const rows = await direct();
  const counted = answer.rows.reduce((sum, r) => sum + r.value, 0);
  if (counted !== rows.reduce((sum, r) => sum + Number(r.value), 0)) throw new Error('questions: the endpoint and the SQL count differently');
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
