import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import PostgresClient from 'knex/lib/dialects/postgres';
import { Model } from 'objection';
import { defaultPoolMax } from '../config';
import { translateDatabaseError } from './errors';
import { installTypeParsers } from './typeParsers';

export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '../../migrations');

/**
 * knex's PostgreSQL client whose queries fail with the server's typed errors (server/db/errors.ts).
 * Every query goes through `query`, in a transaction too (a transaction's client shares this
 * prototype), whether it comes from knex, Objection or a migration.
 */
class TranslatingPostgresClient extends PostgresClient {
  query(connection: unknown, obj: unknown): Promise<unknown> {
    return super.query(connection, obj).catch((error: unknown) => {
      throw translateDatabaseError(error);
    });
  }
}

/** Creates the knex instance for a connection string and binds Objection's models to it. */
export function createKnex(connectionString: string, options: { poolMax?: number } = {}): Knex {
  installTypeParsers();
  const knex = knexFactory({
    client: TranslatingPostgresClient,
    connection: connectionString,
    pool: { min: 0, max: options.poolMax ?? defaultPoolMax() },
    migrations: { directory: MIGRATIONS_DIRECTORY, loadExtensions: ['.ts', '.js'] },
  });
  Model.knex(knex);
  return knex;
}

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest();
  return applied as string[];
}
