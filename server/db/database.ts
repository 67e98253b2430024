import type { Knex } from 'knex';
import type { Config } from '../config';
import { watchAvailability, type DatabaseAvailability } from './availability';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { embeddedState } from './embeddedDataDir';
import { createKnex } from './knex';

export interface Database {
  knex: Knex;
  embedded: EmbeddedServer | null;
  availability: DatabaseAvailability;
  /** where the data lives, without the password (printed at start-up) */
  description: string;
  close: () => Promise<void>;
}

/** How long closing waits for queries still running (a job past its bound) before PostgreSQL stops under them. */
const CLOSE_POOL_MS = 5_000;

/** DATABASE_URL when given; otherwise an embedded PostgreSQL under DATA_DIR, supervised. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolMax'>, log: (line: string) => void): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  if (!config.databaseUrl) {
    log(`Starting the embedded PostgreSQL (data in ${config.dataDir}/) ...`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, database: 'children_services', log });
  }
  const connectionString = () => config.databaseUrl ?? embedded!.connectionString;
  return connectDatabase(connectionString, { poolMax: config.databasePoolMax, embedded, dataDir: config.dataDir, log });
}

/**
 * The database a command-line tool (`npm run job`) works on: DATABASE_URL; else the embedded
 * PostgreSQL that a running server started in DATA_DIR (left running when the tool is done);
 * else an embedded one of the tool's own, stopped when it is done.
 */
export async function openDatabaseForTool(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolMax'>, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) return connectDatabase(() => config.databaseUrl!, { poolMax: config.databasePoolMax, log });
  const found = embeddedState(config.dataDir);
  if (found.state === 'starting') {
    throw new Error(`The embedded PostgreSQL in ${config.dataDir}/ (pid ${found.postmasterPid}) is starting or was not started by the server; try again once the server says it is running`);
  }
  if (found.state === 'stopped') return openDatabase(config, log);
  log(`Using the embedded PostgreSQL of the server running on ${config.dataDir}/`);
  return connectDatabase(() => found.connectionString, { poolMax: config.databasePoolMax, log });
}

/** The pool and its availability watch over a server that is already running. */
export function connectDatabase(
  connectionString: () => string,
  options: { poolMax: number; embedded?: EmbeddedServer | null; dataDir?: string; log: (line: string) => void },
): Database {
  const embedded = options.embedded ?? null;
  const knex = createKnex(connectionString, { poolMax: options.poolMax });
  const availability = watchAvailability(knex, { log: options.log });
  const url = new URL(connectionString());
  const description = embedded ? `embedded PostgreSQL on port ${url.port} (data in ${options.dataDir}/)` : `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  return {
    knex,
    embedded,
    availability,
    description,
    close: async () => {
      availability.stop();
      await Promise.race([knex.destroy(), new Promise((resolve) => setTimeout(resolve, CLOSE_POOL_MS).unref())]);
      await embedded?.stop();
    },
  };
}
