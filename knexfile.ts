import path from 'node:path';
import type { Knex } from 'knex';
import { embeddedState } from './server/db/embeddedDataDir';

/**
 * The knex CLI's configuration (migrate:latest, migrate:rollback, seed:run). The server reads
 * its own configuration; this file only tells the CLI where the database is: DATABASE_URL, or
 * the embedded PostgreSQL of the server running on DATA_DIR (`npm start`).
 */
function connectionString(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = path.resolve(__dirname, process.env.DATA_DIR || '.data');
  const found = embeddedState(dataDir);
  if (found.state === 'running') return found.connectionString;
  if (found.state === 'starting') {
    throw new Error(`The embedded PostgreSQL in ${dataDir} (pid ${found.postmasterPid}) is starting or was not started by the server; try again once the server says it is running.`);
  }
  throw new Error(`No database to connect to: the embedded PostgreSQL in ${dataDir} is not running. Start the server (\`npm start\`), or set DATABASE_URL.`);
}

const config: Knex.Config = {
  client: 'pg',
  // Resolved when the CLI first connects, so importing this file never throws.
  connection: () => ({ connectionString: connectionString() }),
  migrations: { directory: './migrations', extension: 'ts', loadExtensions: ['.ts'] },
  seeds: { directory: './seeds', extension: 'ts', loadExtensions: ['.ts'] },
};

export = config;
