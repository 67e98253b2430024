import type { Server } from 'node:http';
import { createApp } from './app';
import { DEMO_PASSWORD, DEMO_SIGN_INS, createFirstAdmin, formatDateOnly, isDatabaseEmpty } from './bootstrap';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/knex';
import { startJobs } from './jobs/scheduler';
import { seedDemo } from '../seeds/demo';

/** Process entry: config → database → migrations → first data → app → listen → jobs. */
async function main() {
  const log = (line: string) => console.log(line);
  const config = loadConfig();
  const database = await openDatabase(config, log);
  const { knex } = database;

  const applied = await migrateToLatest(knex);
  if (applied.length) log(`Applied ${applied.length} migration(s)`);
  await createFirstAdmin(knex, config, log);
  let seeded = false;
  if (config.seedDemo && (await isDatabaseEmpty(knex))) {
    log('Loading the demo data ...');
    await seedDemo(knex, { today: formatDateOnly(new Date()) });
    seeded = true;
  }

  const app = createApp({ knex, config, log });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  const jobs = config.jobsEnabled ? startJobs({ knex, config, log }) : null;

  const address = `http://localhost:${config.port}`;
  log(`\nChildren's services portal is running at ${address}  (API at ${address}/api)`);
  log(`Database: ${database.description}`);
  if (!config.production && (seeded || (await hasDemoUsers(knex)))) {
    log(`Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const [email, role] of DEMO_SIGN_INS) log(`  ${email.padEnd(24)} ${role}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping ...`);
    jobs?.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await database.close();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function hasDemoUsers(knex: import('knex').Knex) {
  return Boolean(await knex('users').where({ email: DEMO_SIGN_INS[0][0] }).first('id'));
}

main().catch((error) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
