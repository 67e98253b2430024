import { TOTAL_COLUMN } from '../server/resources/engine';
import express from 'express';
import type { Knex } from 'knex';
import { listen, type BenchContext } from './setup';
import { round } from './reports';

/**
 * List endpoints — 25 rows, sorted, filtered, with the total count — as a signed-in programme
 * manager (so scope applies), under autocannon at 20 connections, against a minimal Express +
 * pg handler that runs the very same SQL (captured from one real request: the page and the
 * count, or the one statement that answers both) with no sign-in, parsing, scope building, validation or shaping of ours.
 */
type Autocannon = (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;
// autocannon ships without types; its options and result are used as documented in its README.
const autocannon = require('autocannon') as Autocannon;

export const LIST_CASES: { name: string; path: string }[] = [
  { name: 'children', path: '/api/children?sort=["last_name","ASC"]&range=[0,24]&filter={"in_school":true}' },
  { name: 'referrals', path: '/api/referrals?sort=["referral_date","DESC"]&range=[0,24]&filter={"program":"SHSS"}' },
  { name: 'placements', path: '/api/placements?sort=["start_date","DESC"]&range=[0,24]&filter={"status":"active"}' },
  { name: 'daily_logs', path: '/api/daily_logs?sort=["log_date","DESC"]&range=[0,24]&filter={"log_date_gte":"2025-01-01"}' },
];

export interface ListResult {
  name: string;
  path: string;
  total: number;
  endpoint_rps: number;
  baseline_rps: number;
  throughput_ratio: number;
  endpoint_p99_ms: number;
  baseline_p99_ms: number;
  endpoint_p50_ms: number;
  baseline_p50_ms: number;
  errors: number;
  target: string;
  met: boolean;
}

interface Captured {
  sql: string;
  bindings: unknown[];
}

/** The SQL a request runs on `table`, as knex sends it (`$1` placeholders). */
async function captureQueries(ctx: BenchContext, table: string, path: string): Promise<{ page: Captured; count: Captured | null; total: number }> {
  const captured: Captured[] = [];
  const listener = (data: { sql: string; bindings?: unknown[] }) => {
    if (data.sql.includes(`"${table}"`)) captured.push({ sql: data.sql, bindings: data.bindings ?? [] });
  };
  (ctx.knex as Knex).on('query', listener);
  const response = await fetch(`${ctx.baseUrl}${encodeURI(path)}`, { headers: { authorization: `Bearer ${ctx.tokens.programManager}` } });
  (ctx.knex as Knex).off('query', listener);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  const total = Number((response.headers.get('content-range') ?? '').split('/').pop());
  // A list narrowed to ids counts in its page's statement (count(*) over ()); others send a
  // separate `select count(*) …`.
  const count = captured.find((q) => /^select count\(/i.test(q.sql)) ?? null;
  const page = captured.find((q) => q !== count);
  if (!page) throw new Error(`${path}: could not capture its page query (${captured.length} seen)`);
  return { page: toNative(ctx, page), count: count && toNative(ctx, count), total };
}

function toNative(ctx: BenchContext, query: Captured): Captured {
  if (/\$\d/.test(query.sql)) return query;
  const native = ctx.knex.raw(query.sql, query.bindings as Knex.RawBinding[]).toSQL().toNative();
  return { sql: native.sql, bindings: [...native.bindings] };
}

function run(url: string, duration: number, headers: Record<string, string> = {}) {
  // In a worker thread, so the load generator does not share the event loop with the servers.
  return autocannon({ url, connections: 20, duration, headers, pipelining: 1, workers: 1 });
}

export async function benchLists(ctx: BenchContext, duration: number, log: (line: string) => void): Promise<ListResult[]> {
  const results: ListResult[] = [];
  for (const item of LIST_CASES) {
    const { page, count, total } = await captureQueries(ctx, item.name, item.path);

    const minimal = express();
    minimal.get('/list', async (_req, res) => {
      const [rows, counted] = await Promise.all([ctx.pool.query(page.sql, page.bindings), count && ctx.pool.query(count.sql, count.bindings)]);
      const n = Number(counted ? Object.values(counted.rows[0])[0] : (rows.rows[0]?.[TOTAL_COLUMN] ?? 0));
      res.set('Content-Range', `${item.name} 0-${rows.rows.length - 1}/${n}`);
      res.json(rows.rows);
    });
    const baseline = await listen(minimal);

    const endpointUrl = `${ctx.baseUrl}${encodeURI(item.path)}`;
    const auth = { authorization: `Bearer ${ctx.tokens.programManager}` };
    await run(endpointUrl, 2, auth); // warm-up
    await run(`${baseline.baseUrl}/list`, 2);
    const ours = await run(endpointUrl, duration, auth);
    const bare = await run(`${baseline.baseUrl}/list`, duration);
    await new Promise((resolve) => baseline.server.close(resolve));
    baseline.server.closeAllConnections();

    const ratio = ours.requests.average / bare.requests.average;
    const errors = ours.non2xx + ours.errors + ours.timeouts;
    results.push({
      name: item.name,
      path: item.path,
      total,
      endpoint_rps: round(ours.requests.average),
      baseline_rps: round(bare.requests.average),
      throughput_ratio: round(ratio, 2),
      endpoint_p99_ms: ours.latency.p99,
      baseline_p99_ms: bare.latency.p99,
      endpoint_p50_ms: ours.latency.p50,
      baseline_p50_ms: bare.latency.p50,
      errors,
      target: '≥ 0.7× throughput, p99 < 100 ms',
      met: ratio >= 0.7 && ours.latency.p99 < 100 && errors === 0,
    });
    log(`  ${item.name} (${total} rows in scope): ${round(ours.requests.average)} vs ${round(bare.requests.average)} req/s (${round(ratio, 2)}×), p99 ${ours.latency.p99} vs ${bare.latency.p99} ms`);
  }
  return results;
}
