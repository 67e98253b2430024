import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Where the test run's PostgreSQL is, and the template database every test file clones.
 * jest's globalSetup (test/globalSetup.ts) fills these in; test files read them.
 */
export const ROOT = path.resolve(__dirname, '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');

export interface TestPostgresState {
  adminUrl: string;
  template: string;
}

export function readState(): TestPostgresState {
  if (!process.env.TEST_PG_ADMIN_URL || !process.env.TEST_PG_TEMPLATE) {
    throw new Error('The test PostgreSQL is not running: run tests through jest (test/globalSetup.ts starts it)');
  }
  return { adminUrl: process.env.TEST_PG_ADMIN_URL, template: process.env.TEST_PG_TEMPLATE };
}

/** The template's name changes whenever a migration changes, so a stale one is never used. */
export function templateName(): string {
  const hash = crypto.createHash('sha256');
  const files = fs.readdirSync(MIGRATIONS_DIR, { recursive: true }).map(String).sort();
  for (const file of files) {
    const full = path.join(MIGRATIONS_DIR, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return `cs_template_${hash.digest('hex').slice(0, 12)}`;
}

export function urlForDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
