import type { Knex } from 'knex';
import { hashPassword, passwordProblem } from './auth/passwords';
import { rowTimestamps } from './db/clock';
import type { Config } from './config';

/**
 * First-run data: the first system administrator from ADMIN_EMAIL/ADMIN_PASSWORD (any mode) and
 * the demo data on an empty database (never in production mode).
 */
export async function isDatabaseEmpty(knex: Knex): Promise<boolean> {
  const row = await knex('users').count<{ count: number }[]>('* as count').first();
  return Number(row?.count ?? 0) === 0;
}

export async function createFirstAdmin(knex: Knex, config: Pick<Config, 'adminEmail' | 'adminPassword'>, log: (line: string) => void) {
  if (!config.adminEmail || !config.adminPassword) return false;
  if (!(await isDatabaseEmpty(knex))) return false;
  const problem = passwordProblem(config.adminPassword);
  if (problem) throw new Error(`ADMIN_PASSWORD: ${problem.text}`);
  await knex('users').insert({
    email: config.adminEmail.trim(),
    full_name: 'System administrator',
    role: 'system_admin',
    organization_id: null,
    password_hash: await hashPassword(config.adminPassword),
    active: true,
    ...rowTimestamps(knex),
  });
  log(`Created the first system administrator ${config.adminEmail}`);
  return true;
}

export const DEMO_PASSWORD = 'Demo2025!';
export const DEMO_SIGN_INS: [string, string][] = [
  ['admin@demo.example', 'system_admin'],
  ['manager@demo.example', 'ministry_manager'],
  ['finance@demo.example', 'ministry_finance'],
  ['orgadmin@demo.example', 'org_admin'],
  ['pm@demo.example', 'program_manager'],
  ['worker@demo.example', 'portal_worker'],
  ['spc@demo.example', 'coordinator'],
];
