import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig, ConfigError } from '../../server/config';
import { findFreePort } from '../../server/db/freePort';
import { createReadRouting, type ReadRouting } from '../../server/db/readRouting';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';
import { readState, urlForDatabase } from '../helpers/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

/**
 * Where reports and downloads read (server/db/readRouting.ts) when there is no standby, and when
 * the configured one is unreachable or is not a standby at all. A real streaming standby, its
 * lag and its catching up are in test/platform/cluster.test.ts.
 */
const NOW = '2026-04-15T12:00:00.000Z';
const ctx = useTestContext({ now: NOW });
const FINAL_2025 = '/api/reports/referral-sources?period=final&fiscal_year=2025';
let token: string;
let databaseUrl: string;
const opened: ReadRouting[] = [];

beforeAll(async () => {
  const f = factories(ctx.knex);
  const org = await f.organization();
  await f.referral({ organization_id: org, referral_date: '2025-05-01', source_type: 'self_family' });
  await f.referral({ organization_id: org, referral_date: '2025-06-01', source_type: 'other' });
  token = (await ctx.createUser({ role: 'ministry_manager' })).token;
  const { rows } = await ctx.knex.raw('select current_database() as name');
  databaseUrl = urlForDatabase(readState().adminUrl, rows[0].name);
});

afterAll(async () => {
  await Promise.all(opened.map((reads) => reads.close()));
});

function appReadingFrom(replicaUrl: string, log: (line: string) => void = () => undefined): Express {
  const reads = createReadRouting({ primary: ctx.knex, replicaUrl, maxLagS: 30, clock: () => new Date(NOW), poolMax: 2, log });
  opened.push(reads);
  return createApp({ knex: ctx.knex, reads, clock: () => new Date(NOW), dashboardDir: null, log: () => undefined });
}

const numbers = (body: Record<string, unknown>) => {
  const { generated_at: _g, data_as_of: _d, read_from: _r, read_note: _n, ...rest } = body;
  return rest;
};

describe('the configuration', () => {
  it('takes REPORTS_DATABASE_URL only as a PostgreSQL URL and REPLICA_MAX_LAG_S as a positive number of seconds, 30 by default', () => {
    expect(loadConfig({})).toMatchObject({ reportsDatabaseUrl: null, replicaMaxLagS: 30 });
    expect(loadConfig({ REPORTS_DATABASE_URL: 'postgres://r@standby:5432/portal', REPLICA_MAX_LAG_S: '2.5' })).toMatchObject({
      reportsDatabaseUrl: 'postgres://r@standby:5432/portal',
      replicaMaxLagS: 2.5,
    });
    let problems: string[] = [];
    try {
      loadConfig({ REPORTS_DATABASE_URL: 'standby:5432/portal?password=secret', REPLICA_MAX_LAG_S: '0' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'REPORTS_DATABASE_URL must be a URL starting postgres:// or postgresql://; got something else',
      'REPLICA_MAX_LAG_S must be the standby lag reports accept, in seconds, a number above 0 and at most 86400; got "0"',
    ]);
  });
});

describe('with no standby configured', () => {
  it('reads the primary, as of now, with no note', async () => {
    const res = await ctx.api(token).get(FINAL_2025).expect(200);
    expect(res.body).toMatchObject({ generated_at: NOW, data_as_of: NOW, read_from: 'primary', read_note: null });
    expect(res.body.totals.total).toBe(2);
  });

  it('says so in the headers of a download', async () => {
    const res = await ctx.api(token).get('/api/referrals?format=csv').expect(200);
    expect(res.headers['x-read-from']).toBe('primary');
    expect(res.headers['x-data-as-of']).toBe(NOW);
    expect(res.headers['x-read-note']).toBeUndefined();
  });
});

describe('with a standby that cannot be reached', () => {
  it('reads the primary instead, with a note, the same numbers, and says so once in the log', async () => {
    const lines: string[] = [];
    const app = appReadingFrom(`postgres://postgres:none@127.0.0.1:${await findFreePort()}/children_services`, (line) => lines.push(line));
    const primary = await ctx.api(token).get(FINAL_2025).expect(200);
    for (let i = 0; i < 3; i += 1) {
      const res = await request(app).get(FINAL_2025).set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ read_from: 'primary', data_as_of: NOW });
      expect(res.body.read_note).toMatch(/^The reports standby is unreachable/);
      expect(numbers(res.body)).toEqual(numbers(primary.body));
    }
    expect(lines.filter((line) => /The reports standby is not reachable .*reports read the primary until it is back/.test(line))).toHaveLength(1);
    const download = await request(app).get('/api/referrals?format=csv').set('Authorization', `Bearer ${token}`).expect(200);
    expect(download.headers['x-read-from']).toBe('primary');
    expect(download.headers['x-read-note']).toMatch(/^The reports standby is unreachable/);
  });
});

describe('with REPORTS_DATABASE_URL naming a server that is not in recovery', () => {
  it('reads it as current: read_from replica, as of its now', async () => {
    const app = appReadingFrom(databaseUrl);
    const before = Date.now();
    const res = await request(app).get(FINAL_2025).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ read_from: 'replica', read_note: null });
    expect(Date.parse(res.body.data_as_of)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(res.body.data_as_of)).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(res.body.totals.total).toBe(2);
    const download = await request(app).get('/api/referrals?format=csv').set('Authorization', `Bearer ${token}`).expect(200);
    expect(download.headers['x-read-from']).toBe('replica');
    expect(download.text.trim().split('\n')).toHaveLength(3);
  });
});

describe('questions and explanations', () => {
  // A "standby" that is another database with other rows: what an answer counts shows where it was read.
  let standby: TestDatabase;
  beforeAll(async () => {
    standby = await createTestDatabase();
    const org = await factories(standby.knex).organization();
    await factories(standby.knex).referral({ organization_id: org, referral_date: '2025-07-01', source_type: 'other' });
  });
  afterAll(() => standby?.destroy());

  const COUNT_REFERRALS = { resource: 'referrals', group_by: [], measure: { fn: 'count' } };
  const EXPLAINED = '/api/reports/referral-sources/explanation?period=final&fiscal_year=2025&key=total';
  const EXPLAINED_ROWS = '/api/reports/referral-sources/records?period=final&fiscal_year=2025&key=total';

  it('read the primary with no standby configured', async () => {
    const question = await ctx.api(token).post('/api/questions/run', COUNT_REFERRALS).expect(200);
    expect(question.body).toMatchObject({ read_from: 'primary', data_as_of: NOW, read_note: null, rows: [{ value: 2 }] });
    const explained = await ctx.api(token).get(EXPLAINED).expect(200);
    expect(explained.body).toMatchObject({ read_from: 'primary', read_note: null, count: 2, figure: 2 });
  });

  it('are computed on the standby when one is configured, the audit row still written to the primary', async () => {
    const app = appReadingFrom(standby.url);
    const auth = { Authorization: `Bearer ${token}` };
    const question = await request(app).post('/api/questions/run').set(auth).send(COUNT_REFERRALS).expect(200);
    expect(question.body).toMatchObject({ read_from: 'replica', read_note: null, rows: [{ value: 1 }] });

    const audited = () => ctx.knex('audit_events').where({ action: 'explain', resource: 'reports/referral-sources' }).count<{ count: string }[]>('* as count').then(([row]) => Number(row.count));
    const before = await audited();
    const explained = await request(app).get(EXPLAINED).set(auth).expect(200);
    expect(explained.body).toMatchObject({ read_from: 'replica', count: 1, figure: 1 });
    const rows = await request(app).get(EXPLAINED_ROWS).set(auth).expect(200);
    expect(rows.headers['x-read-from']).toBe('replica');
    expect(rows.headers['content-range']).toBe('records 0-0/1');
    expect(rows.body).toEqual([expect.objectContaining({ unit: 'referral', date: '2025-07-01', contribution: 1 })]);
    const download = await request(app).get(`${EXPLAINED_ROWS}&format=csv`).set(auth).expect(200);
    expect(download.headers['x-read-from']).toBe('replica');
    expect(download.text.trim().split('\n')).toHaveLength(2);
    expect(await audited()).toBe(before + 3);
  });

  it('fall back to the primary, with the note, when the standby cannot be reached', async () => {
    const app = appReadingFrom(`postgres://postgres:none@127.0.0.1:${await findFreePort()}/children_services`);
    const question = await request(app).post('/api/questions/run').set('Authorization', `Bearer ${token}`).send(COUNT_REFERRALS).expect(200);
    expect(question.body).toMatchObject({ read_from: 'primary', rows: [{ value: 2 }] });
    expect(question.body.read_note).toMatch(/^The reports standby is unreachable/);
  });
});
