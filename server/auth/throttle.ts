import type { Knex } from 'knex';

/**
 * Repeated failed sign-ins for one email are slowed, then refused for a while. The record is
 * the login_attempts table, so every server instance sees the same count.
 */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
const DELAY_STEP_MS = 250;
const MAX_DELAY_MS = 2000;

export async function recentFailures(db: Knex, emailLower: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000);
  const lastSuccess = await db('login_attempts')
    .where({ email_lower: emailLower, succeeded: true })
    .where('at', '>', since)
    .max('at as at')
    .first();
  const from = lastSuccess?.at && new Date(lastSuccess.at) > since ? new Date(lastSuccess.at) : since;
  const row = await db('login_attempts')
    .where({ email_lower: emailLower, succeeded: false })
    .where('at', '>', from)
    .count<{ count: number }[]>('* as count')
    .first();
  return Number(row?.count ?? 0);
}

export function failureDelayMs(failures: number): number {
  return Math.min(MAX_DELAY_MS, failures * DELAY_STEP_MS);
}

export async function recordAttempt(db: Knex, emailLower: string, ip: string | null, succeeded: boolean, now: Date) {
  await db('login_attempts').insert({ email_lower: emailLower, ip, succeeded, at: now, created_at: now, updated_at: now });
}
