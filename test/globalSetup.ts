import fs from 'node:fs';
import path from 'node:path';
import { createKnex, migrateToLatest } from '../server/db/knex';
import { startEmbeddedPostgres, type EmbeddedServer } from '../server/db/embedded';
import { ROOT, templateName, urlForDatabase, withAdminClient } from './helpers/postgres';

/**
 * Starts the test run's PostgreSQL (DATABASE_URL when given, else an embedded one under
 * .test-data/) and builds the migrated template database that each test file clones.
 */
declare global {
  // eslint-disable-next-line no-var
  var __EMBEDDED_PG__: EmbeddedServer | undefined;
  // eslint-disable-next-line no-var
  var __EMBEDDED_PG_DIR__: string | undefined;
}

function removeAbandonedClusters() {
  const parent = path.join(ROOT, '.test-data');
  if (!fs.existsSync(parent)) return;
  for (const entry of fs.readdirSync(parent)) {
    const pid = Number(entry.match(/^run-(\d+)$/)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * The run's cluster is thrown away at its end, so it never waits for the disk: with fsync on,
 * every commit and the checkpoint each `drop database` forces (one per test file) waited for
 * fsyncs on a disk shared with other work. Writes still reach the OS at once, so a killed
 * backend or postmaster loses nothing; only a crash of the machine could.
 */
const THROWAWAY_CLUSTER_FLAGS = ['-c', 'fsync=off', '-c', 'full_page_writes=off'];

export default async function globalSetup() {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = urlForDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    // One cluster per test run, so runs side by side (two terminals, CI) never share one.
    removeAbandonedClusters();
    const dataDir = path.join(ROOT, '.test-data', `run-${process.pid}`);
    const server = await startEmbeddedPostgres({ dataDir, database: 'postgres', extraFlags: () => THROWAWAY_CLUSTER_FLAGS });
    globalThis.__EMBEDDED_PG__ = server;
    globalThis.__EMBEDDED_PG_DIR__ = dataDir;
    adminUrl = server.connectionString;
  }
  const template = templateName();
  await withAdminClient(adminUrl, async (client) => {
    // Templates of older migrations are dead weight on a long-lived DATABASE_URL server.
    const stale = await client.query(`select datname from pg_database where datname like 'cs\\_template\\_%' and datname not like $1`, [`${template}%`]);
    for (const row of stale.rows) await client.query(`drop database if exists "${row.datname}" with (force)`);
    const exists = await client.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await client.query(`drop database if exists "${template}_building" with (force)`);
      await client.query(`create database "${template}_building"`);
      const knex = createKnex(urlForDatabase(adminUrl, `${template}_building`), { poolMax: 2 });
      try {
        await migrateToLatest(knex);
      } finally {
        await knex.destroy();
      }
      await client.query(`alter database "${template}_building" rename to "${template}"`);
    }
  });
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;

}
