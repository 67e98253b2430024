import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { Model } from 'objection';
import { defaultPoolMax } from '../config';
import { installTypeParsers } from './typeParsers';

export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '../../migrations');

/** Creates the knex instance for a connection string and binds Objection's models to it. */
export function createKnex(connectionString: string, options: { poolMax?: number } = {}): Knex {
  installTypeParsers();
  const knex = knexFactory({
    client: 'pg',
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
