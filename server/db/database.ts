import type { Knex } from 'knex';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { createKnex } from './knex';

export interface Database {
  knex: Knex;
  embedded: EmbeddedServer | null;
  /** where the data lives, without the password (printed at start-up) */
  description: string;
  close: () => Promise<void>;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL under DATA_DIR. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let connectionString = config.databaseUrl;
  if (!connectionString) {
    log(`Starting the embedded PostgreSQL (data in ${config.dataDir}/) ...`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'children_services', log });
    connectionString = embedded.connectionString;
  }
  const knex = createKnex(connectionString, { poolMax: config.databasePoolMax });
  const url = new URL(connectionString);
  const description = embedded ? `embedded PostgreSQL on port ${url.port} (data in ${config.dataDir}/)` : `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  return {
    knex,
    embedded,
    description,
    close: async () => {
      await knex.destroy();
      await embedded?.stop();
    },
  };
}
