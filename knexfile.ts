import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/**
 * The knex CLI's configuration (migrate:latest, migrate:rollback, seed:run). The server reads
 * its own configuration; this file only tells the CLI where the database is: DATABASE_URL, or
 * the connection string the embedded PostgreSQL wrote on `npm start`.
 */
function connectionString(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = path.resolve(__dirname, process.env.DATA_DIR || '.data');
  const file = path.join(dataDir, 'connection.json');
  if (fs.existsSync(file)) {
    const { connectionString: written } = JSON.parse(fs.readFileSync(file, 'utf8')) as { connectionString?: string };
    if (written) return written;
  }
  throw new Error(
    `No database to connect to: set DATABASE_URL, or run \`npm start\` once so the embedded PostgreSQL writes ${file}.`,
  );
}

const config: Knex.Config = {
  client: 'pg',
  // Resolved when the CLI first connects, so importing this file never throws.
  connection: () => ({ connectionString: connectionString() }),
  migrations: { directory: './migrations', extension: 'ts', loadExtensions: ['.ts'] },
  seeds: { directory: './seeds', extension: 'ts', loadExtensions: ['.ts'] },
};

export = config;
