import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openSession } from '../server/auth/sessions';
import { createKnex } from '../server/db/knex';
import { findFreePort } from '../server/db/freePort';
import { startTopology, type Topology } from '../scripts/cluster/topology';

/**
 * npm run bench -- --only cluster
 *
 * The local cluster of `npm run cluster` (primary, hot standby, instances A and B, proxy) in a
 * fresh folder, with the demo data and `seed:scale --children 20000` (BENCH_CLUSTER_CHILDREN),
 * then through the proxy, for BENCH_CLUSTER_SECONDS (60) each, first with only instance A in
 * the rotation and then with both: 50 dashboard users, each loading the dashboard again and
 * again (its four reports at once; the KPI cards are computed from the same four answers, which
 * the dashboard shares), and 10 writers creating children. Per endpoint: requests per second,
 * p50 and p99; where the reports read (replica or primary) and the standby's lag meanwhile,
 * sampled every 500 ms; the machine's load average. Writes bench/cluster-results.json.
 */
const DASHBOARD_USERS = 50;
const WRITERS = 10;
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS || 60);
const CHILDREN = Number(process.env.BENCH_CLUSTER_CHILDREN || 20_000);
const REPORTS = ['referral-sources', 'wait-times', 'active-plans', 'payment-summary'];
const REPORT_QUERY = 'period=final&fiscal_year=2025';
const ROOT = path.resolve(__dirname, '..');

interface EndpointFigures {
  endpoint: string;
  requests: number;
  failed: number;
  /** what the failed ones answered: HTTP status and code, or the client's error */
  failures: Record<string, number>;
  per_second: number;
  p50_ms: number;
  p99_ms: number;
}

export interface ClusterPhase {
  instances: string[];
  seconds: number;
  total_per_second: number;
  endpoints: EndpointFigures[];
  reports_read_from: Record<string, number>;
  replica_lag_s: { p50: number; max: number };
  load_average: { before: number[]; after: number[] };
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** The standby's lag now: 0 when it has replayed all the primary had written, else the age of its last replayed transaction. */
async function replicaLag(primary: Knex, standby: Knex): Promise<number> {
  const { rows } = await primary.raw('select pg_current_wal_lsn()::text as lsn');
  const { rows: lag } = await standby.raw(
    `select case when pg_last_wal_replay_lsn() >= ?::pg_lsn then 0
                 else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0) end::float8 as s`,
    [rows[0].lsn],
  );
  return lag[0].s;
}

async function runPhase(
  topology: Topology,
  instances: string[],
  tokens: { reader: string; writer: string },
  lagOf: () => Promise<number>,
  log: (line: string) => void,
): Promise<ClusterPhase> {
  topology.proxy.use(instances);
  const base = topology.proxy.url;
  const latencies = new Map<string, number[]>();
  const failures = new Map<string, Record<string, number>>();
  const readFrom: Record<string, number> = {};
  const record = (endpoint: string, ms: number, failure: string | null) => {
    if (!latencies.has(endpoint)) latencies.set(endpoint, []);
    latencies.get(endpoint)!.push(ms);
    if (failure === null) return;
    const counts = failures.get(endpoint) ?? {};
    counts[failure] = (counts[failure] ?? 0) + 1;
    failures.set(endpoint, counts);
  };
  const timed = async (endpoint: string, url: string, init: RequestInit, onBody?: (body: Record<string, unknown>) => void) => {
    const began = performance.now();
    try {
      const res = await fetch(url, init);
      const body = (await res.json()) as Record<string, unknown>;
      record(endpoint, performance.now() - began, res.ok ? null : `${res.status} ${String(body.code)}`);
      if (res.ok) onBody?.(body);
    } catch (error) {
      record(endpoint, performance.now() - began, String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name));
    }
  };

  const before = os.loadavg().map((n) => round(n, 2));
  const endAt = Date.now() + SECONDS * 1000;
  const lags: number[] = [];
  const sampler = (async () => {
    while (Date.now() < endAt) {
      lags.push(await lagOf().catch(() => Number.NaN));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  const reader = { authorization: `Bearer ${tokens.reader}` };
  const dashboardUser = async () => {
    while (Date.now() < endAt) {
      await Promise.all(
        REPORTS.map((name) =>
          timed(`GET /api/reports/${name}`, `${base}/api/reports/${name}?${REPORT_QUERY}`, { headers: reader }, (body) => {
            const where = String(body.read_from);
            readFrom[where] = (readFrom[where] ?? 0) + 1;
          }),
        ),
      );
    }
  };
  const writer = async (n: number) => {
    for (let i = 0; Date.now() < endAt; i += 1) {
      await timed('POST /api/children', `${base}/api/children`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.writer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ first_name: `Bench${n}`, last_name: `Writer${i}`, birth_date: '2016-05-05' }),
      });
    }
  };
  const started = performance.now();
  await Promise.all([...Array.from({ length: DASHBOARD_USERS }, dashboardUser), ...Array.from({ length: WRITERS }, (_, n) => writer(n))]);
  const seconds = (performance.now() - started) / 1000;
  await sampler;
  const after = os.loadavg().map((n) => round(n, 2));

  const endpoints = [...latencies.entries()].map(([endpoint, values]) => ({
    endpoint,
    requests: values.length,
    failed: Object.values(failures.get(endpoint) ?? {}).reduce((sum, n) => sum + n, 0),
    failures: failures.get(endpoint) ?? {},
    per_second: round(values.length / seconds),
    p50_ms: Math.round(percentile(values, 50)),
    p99_ms: Math.round(percentile(values, 99)),
  }));
  const measuredLags = lags.filter((n) => Number.isFinite(n));
  const phase: ClusterPhase = {
    instances,
    seconds: round(seconds),
    total_per_second: round(endpoints.reduce((sum, e) => sum + e.requests, 0) / seconds),
    endpoints,
    reports_read_from: readFrom,
    replica_lag_s: { p50: round(percentile(measuredLags, 50), 2), max: round(Math.max(0, ...measuredLags), 2) },
    load_average: { before, after },
  };
  log(`  ${instances.length} instance(s): ${phase.total_per_second} req/s, standby lag p50 ${phase.replica_lag_s.p50} s / max ${phase.replica_lag_s.max} s, load ${before[0]} → ${after[0]}`);
  return phase;
}

export async function benchCluster(log: (line: string) => void): Promise<ClusterPhase[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-cluster-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const topology = await startTopology({
    dataDir,
    proxyPort: port,
    instancePorts: [await findFreePort(), await findFreePort()],
    instanceEnv: { JOBS_ENABLED: 'false' },
    log,
  });
  const primary = createKnex(topology.primary.connectionString, { poolMax: 2, bindModels: false });
  const standby = createKnex(topology.standby!.connectionString, { poolMax: 2, bindModels: false });
  try {
    log(`Loading seed:scale --children ${CHILDREN} into the primary ...`);
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'seeds/scale.ts', '--children', String(CHILDREN)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: topology.primary.connectionString },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`seed:scale failed:\n${seeded.stderr}`);
    await primary.raw('vacuum analyze');
    const user = async (role: string) => Number((await primary('users').where({ role, active: true }).orderBy('id').first('id')).id);
    const session = async (role: string) => (await openSession(primary, await user(role), 'bearer', 2, new Date())).token;
    const tokens = { reader: await session('ministry_manager'), writer: await session('system_admin') };
    for (let caughtUp = false; !caughtUp; ) caughtUp = (await replicaLag(primary, standby)) === 0;

    const phases: ClusterPhase[] = [];
    for (const instances of [['A'], ['A', 'B']]) {
      log(`${DASHBOARD_USERS} dashboard users and ${WRITERS} writers for ${SECONDS} s through the proxy, instance(s) ${instances.join(' and ')}:`);
      phases.push(await runPhase(topology, instances, tokens, () => replicaLag(primary, standby), log));
    }
    const results = { started_at: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, children: CHILDREN, phases };
    fs.writeFileSync(path.join(__dirname, 'cluster-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    return phases;
  } finally {
    await standby.destroy();
    await primary.destroy();
    await topology.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The phases side by side, one row per endpoint. */
export function clusterTable(phases: ClusterPhase[]): string[][] {
  const rows = [['endpoint', ...phases.map((p) => `${p.instances.length} instance(s): req/s, p50 / p99`)]];
  for (const endpoint of phases[0].endpoints.map((e) => e.endpoint)) {
    rows.push([
      endpoint,
      ...phases.map((p) => {
        const e = p.endpoints.find((candidate) => candidate.endpoint === endpoint);
        const failed = e ? Object.entries(e.failures).map(([why, n]) => `${n} × ${why}`).join(', ') : '';
        return e ? `${e.per_second}, ${e.p50_ms} / ${e.p99_ms} ms${failed ? ` (failed: ${failed})` : ''}` : '-';
      }),
    ]);
  }
  rows.push(['all', ...phases.map((p) => `${p.total_per_second} req/s`)]);
  rows.push(['reports read from', ...phases.map((p) => Object.entries(p.reports_read_from).map(([k, v]) => `${k} ${v}`).join(', '))]);
  rows.push(['standby lag p50 / max', ...phases.map((p) => `${p.replica_lag_s.p50} / ${p.replica_lag_s.max} s`)]);
  rows.push(['load average (1 min) before → after', ...phases.map((p) => `${p.load_average.before[0]} → ${p.load_average.after[0]}`)]);
  return rows;
}
