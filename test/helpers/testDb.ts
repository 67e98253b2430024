import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex';
import { sharedByFile } from './perFile';
import { readState, urlForDatabase, withAdminClient } from './postgres';

export interface TestDatabase {
  knex: Knex;
  name: string;
  url: string;
  destroy: () => Promise<void>;
}

/** A private, migrated, empty database cloned from the run's template (fast: a file copy). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = readState();
  const name = `cs_test_${crypto.randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`create database "${name}" template "${template}"`));
  const url = urlForDatabase(adminUrl, name);
  const knex = createKnex(url, { poolMax: 5 });
  return {
    knex,
    name,
    url,
    destroy: async () => {
      await knex.destroy();
      await withAdminClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The database as a test file sees it: it is dropped by `useTestDatabase`, not by a test. */
export type FileDatabase = Omit<TestDatabase, 'destroy'>;

/** The file's own database: created before its first test, dropped after its last. */
export function useTestDatabase(): FileDatabase {
  const current = sharedByFile('The test database', createTestDatabase, (db) => db.destroy());
  return {
    get knex() {
      return current().knex;
    },
    get name() {
      return current().name;
    },
    get url() {
      return current().url;
    },
  };
}
