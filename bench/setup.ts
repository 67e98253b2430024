import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Knex } from 'knex';
import { Pool } from 'pg';
import knexConfig from '../knexfile';
import { createApp } from '../server/app';
import { defaultPoolMax } from '../server/config';
import { startSessionCache } from '../server/auth/sessionCache';
import { openSession } from '../server/auth/sessions';
import { createKnex } from '../server/db/knex';

/**
 * What every benchmark needs: the database the seed filled (DATABASE_URL, or the embedded one
 * `npm start` wrote, as knexfile.ts finds it), the real app listening on a free port in this
 * process, a bare pg pool of the same size for the baselines, and bearer tokens for a ministry
 * manager and a programme manager of the seeded population.
 */
/** The server's default (config.ts): both sides of every comparison get the same pool. */
export const POOL_SIZE = Number(process.env.DB_POOL_MAX || defaultPoolMax());

export interface BenchContext {
  url: string;
  knex: Knex;
  pool: Pool;
  baseUrl: string;
  server: http.Server;
  tokens: { manager: string; programManager: string; admin: string };
  users: { manager: number; programManager: number; admin: number };
  population: Record<string, number>;
  /** the same app serving the built dashboard too, on another port */
  withDashboard: (dashboardDir: string) => Promise<{ baseUrl: string; close: () => Promise<void> }>;
  close: () => Promise<void>;
}

/**
 * A statement that counts as a write (server/db/writes.ts) and changes nothing. The reports'
 * memo (server/reports/runMemo.ts) keeps no answer across it, so the next call of a report
 * endpoint computes its report: without it every call of a round within the memo's 5 s would
 * time copying and sending the first call's answer. The app runs in this process: its counter
 * is this process's.
 */
export async function forgetReportAnswers(ctx: Pick<BenchContext, 'knex'>): Promise<void> {
  await ctx.knex.raw('update organizations set name = name where false');
}

/** The one-minute load average, beside every figure: the machine is shared. */
export function loadNow(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

export function connectionString(): string {
  const connection = (knexConfig as { connection: () => { connectionString: string } }).connection;
  return connection().connectionString;
}

export async function listen(app: http.RequestListener): Promise<{ server: http.Server; baseUrl: string }> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function firstUser(knex: Knex, role: string): Promise<number> {
  const row = await knex('users').where({ role, active: true }).orderBy('id').first('id');
  if (!row) throw new Error(`No ${role} in the database: run \`npm run seed:scale -- --children 1000000\` first.`);
  return Number(row.id);
}

export async function setUp(url = connectionString()): Promise<BenchContext> {
  const knex = createKnex(url, { poolMax: POOL_SIZE });
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  const population: Record<string, number> = {};
  for (const table of ['children', 'referrals', 'service_plans', 'service_activities', 'payments', 'daily_log_entries']) {
    const { rows } = await knex.raw(`select reltuples::bigint as n from pg_class where oid = ?::regclass`, [table]);
    population[table] = Number(rows[0].n);
  }
  // A programme manager assigned to places that hold children: the scoped lists have rows.
  const programManagerRow = await knex('users as u')
    .join('place_assignments as pa', 'pa.user_id', 'u.id')
    .join('placements as pl', 'pl.place_of_service_id', 'pa.place_of_service_id')
    .where({ 'u.role': 'program_manager', 'u.active': true })
    .whereNull('pa.ended_on')
    .orderBy('u.id')
    .first('u.id');
  const users = {
    manager: await firstUser(knex, 'ministry_manager'),
    admin: await firstUser(knex, 'system_admin'),
    programManager: programManagerRow ? Number(programManagerRow.id) : await firstUser(knex, 'program_manager'),
  };
  const now = new Date();
  const sessions = {
    manager: await openSession(knex, users.manager, 'bearer', 4, now),
    programManager: await openSession(knex, users.programManager, 'bearer', 4, now),
    admin: await openSession(knex, users.admin, 'bearer', 4, now),
  };
  const sessionCache = startSessionCache(knex);
  await sessionCache.ready;
  const app = createApp({ knex, dashboardDir: null, log: () => undefined, sessionCache });
  const { server, baseUrl } = await listen(app);
  const closeServer = async (s: http.Server) => {
    await new Promise((resolve) => s.close(resolve));
    s.closeAllConnections();
  };
  return {
    url,
    knex,
    pool,
    baseUrl,
    server,
    users,
    population,
    tokens: { manager: sessions.manager.token, programManager: sessions.programManager.token, admin: sessions.admin.token },
    withDashboard: async (dashboardDir) => {
      const served = await listen(createApp({ knex, dashboardDir, log: () => undefined }));
      return { baseUrl: served.baseUrl, close: () => closeServer(served.server) };
    },
    close: async () => {
      await closeServer(server);
      await knex('sessions').whereIn('user_id', Object.values(users)).where('expires_at', sessions.manager.expiresAt).del();
      await sessionCache.close();
      await knex.destroy();
      await pool.end();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
