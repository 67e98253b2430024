import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import PostgresClient from 'knex/lib/dialects/postgres';
import { Model } from 'objection';
import { defaultPoolMax } from '../config';
import { rememberAddress, watchedStatement } from './cancellation';
import { translateDatabaseError } from './errors';
import { noteStatement } from './writes';
import { installTypeParsers } from './typeParsers';

/** migrations/ beside server/: TypeScript from the sources, JavaScript in dist/ (`npm run build`). */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '../../migrations');

/**
 * The migrations under the names they were first applied with, `<name>.ts`, whether they run
 * from TypeScript or compiled to `.js`: knex_migrations records each file's name, and a compiled
 * server must see the migrations a development server applied as applied (and the reverse).
 */
export class MigrationFiles implements Knex.MigrationSource<string> {
  constructor(private readonly directory: string) {}

  async getMigrations(): Promise<string[]> {
    return fs.readdirSync(this.directory).filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')).sort();
  }

  getMigrationName(file: string): string {
    return file.replace(/\.js$/, '.ts');
  }

  async getMigration(file: string): Promise<Knex.Migration> {
    return require(path.join(this.directory, file)) as Knex.Migration;
  }
}

/** A request waits at most this long for a connection (a free one or a new one), then answers 503. */
const ACQUIRE_TIMEOUT_MS = 10_000;
/** Opening a connection takes milliseconds; a server that has not answered in this long is down. */
const CONNECT_TIMEOUT_MS = 5_000;

/** knex warns once per failed connection attempt and per dead pooled connection; server/db/availability.ts says it once. */
const CONNECTION_NOISE = /^(Acquire connection error|Connection Error):/;

/**
 * knex's PostgreSQL client whose queries fail with the server's typed errors (server/db/errors.ts)
 * and stop when nobody waits for them any more (server/db/cancellation.ts). Every query goes
 * through `query`, in a transaction too (a transaction's client shares this prototype), whether
 * it comes from knex, Objection or a migration; each is noted for the write counter (./writes.ts).
 */
class TranslatingPostgresClient extends PostgresClient {
  query(connection: object, obj: unknown): Promise<unknown> {
    return watchedStatement(connection, obj, () => super.query(connection, obj)).then(
      (result) => {
        noteStatement(connection, obj);
        return result;
      },
      (error: unknown) => {
        noteStatement(connection, obj);
        throw translateDatabaseError(error);
      },
    );
  }
}

/**
 * Creates the knex instance and binds Objection's models to it (unless `bindModels` is false: a
 * second pool, e.g. the reports standby's, must not become the models' default). `connection` may be a function
 * when the address can change (the embedded server moves to another port when its own was
 * taken during a restart): new connections use the new address, pooled ones are replaced.
 */
export function createKnex(connection: string | (() => string), options: { poolMax?: number; bindModels?: boolean } = {}): Knex {
  installTypeParsers();
  const current = typeof connection === 'string' ? () => connection : connection;
  const knex = knexFactory({
    client: TranslatingPostgresClient,
    connection: () => {
      const connectionString = current();
      return {
        connectionString,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        keepAlive: true,
        expirationChecker: () => current() !== connectionString,
      };
    },
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    log: {
      warn: (message: string) => {
        if (!CONNECTION_NOISE.test(message)) console.warn(message);
      },
    },
    pool: {
      min: 0,
      max: options.poolMax ?? defaultPoolMax(),
      afterCreate: (created: object, done: (error: Error | null, connection: object) => void) => {
        rememberAddress(created, current());
        done(null, created);
      },
    },
    migrations: { migrationSource: new MigrationFiles(MIGRATIONS_DIRECTORY) },
  });
  if (options.bindModels !== false) Model.knex(knex);
  return knex;
}

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest();
  return applied as string[];
}
