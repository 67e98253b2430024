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

/**
 * Where the report rollups differ from their base tables (`rollup_differences()`, docs/reports.md
 * "Rollups"): nothing, whatever a test file wrote. A database the file migrated below the
 * rollups has none to compare.
 */
async function rollupDifferences(knex: Knex): Promise<unknown[]> {
  const { rows } = await knex.raw<{ rows: { defined: boolean }[] }>(`select to_regprocedure('rollup_differences()') is not null as defined`);
  if (!rows[0].defined) return [];
  return (await knex.raw<{ rows: unknown[] }>('select * from rollup_differences()')).rows;
}

/**
 * A private, migrated, empty database cloned from the run's template (fast: a file copy). Its
 * `destroy` fails when the rollups no longer equal the base tables, so every test file's writes
 * are checked against them.
 */
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
      let differences: unknown[];
      try {
        differences = await rollupDifferences(knex);
      } finally {
        await knex.destroy();
        await withAdminClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
      }
      if (differences.length > 0) {
        throw new Error(
          `The report rollups differ from the base tables after this file's writes (select * from rollup_differences()):\n` +
            differences.map((row) => JSON.stringify(row)).join('\n'),
        );
      }
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
