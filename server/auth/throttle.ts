import type { Knex } from 'knex';

/**
 * Password guessing is slowed two ways (docs/auth.md), both counted from the login_attempts
 * table, so every server instance sees the same state:
 *
 * * per email — after FREE_FAILURES failures in a row, the next attempt must wait a delay
 *   that doubles with each further failure, from 1 s to at most 15 minutes. Nothing is ever
 *   locked: once the wait is over, the right password signs in. An attempt from an address
 *   the account signed in from in the last 30 days counts only that address's failures, so
 *   whoever knows an email cannot keep its owner out from elsewhere.
 * * per client address — at most CLIENT_FAILURE_LIMIT failures across all emails in 15
 *   minutes, against one address trying many accounts.
 *
 * An email's state is the same whether or not an account has it, so answers never tell.
 */
export const FREE_FAILURES = 3;
export const MAX_DELAY_SECONDS = 15 * 60;
export const CLIENT_FAILURE_LIMIT = 20;
export const CLIENT_WINDOW_MINUTES = 15;
/** Failures older than this no longer slow an email down. */
const FAILURES_COUNT_FOR_MS = 24 * 3600_000;
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;

/** The wait before the next attempt after `failures` failures in a row. */
export function accountDelaySeconds(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES - 1));
}

export type AttemptVerdict =
  | { allowed: true; attemptId: number }
  | { allowed: false; retryAfterSeconds: number; limit: 'account' | 'client' };

function secondsUntil(instant: number, now: Date): number {
  return Math.ceil((instant - now.getTime()) / 1000);
}

async function clientWaitSeconds(trx: Knex.Transaction, ip: string, now: Date): Promise<number> {
  const windowMs = CLIENT_WINDOW_MINUTES * 60_000;
  // the CLIENT_FAILURE_LIMIT-th latest failure in the window: once it leaves, the client may try again
  const oldestCounted = await trx('login_attempts')
    .where({ ip, succeeded: false })
    .where('at', '>', new Date(now.getTime() - windowMs))
    .where('at', '<=', now)
    .orderBy('at', 'desc')
    .offset(CLIENT_FAILURE_LIMIT - 1)
    .first('at');
  return oldestCounted ? Math.max(1, secondsUntil(new Date(oldestCounted.at).getTime() + windowMs, now)) : 0;
}

async function accountWaitSeconds(trx: Knex.Transaction, emailLower: string, ip: string | null, now: Date): Promise<number> {
  const { rows } = await trx.raw(
    `with last_success as (
       select max(at) as at from login_attempts where email_lower = :email and succeeded and at <= :now
     ), known_address as (
       select exists (
         select 1 from login_attempts
          where email_lower = :email and succeeded and ip = :ip and at > :knownSince and at <= :now
       ) as known
     )
     select count(*)::int as failures, max(f.at) as last_failure
       from login_attempts f, last_success, known_address
      where f.email_lower = :email and not f.succeeded and f.at <= :now
        and f.at > greatest(coalesce(last_success.at, '-infinity'), :countSince)
        and (not known_address.known or f.ip = :ip)`,
    {
      email: emailLower,
      ip,
      now,
      knownSince: new Date(now.getTime() - KNOWN_ADDRESS_MS),
      countSince: new Date(now.getTime() - FAILURES_COUNT_FOR_MS),
    },
  );
  const { failures, last_failure: lastFailure } = rows[0] as { failures: number; last_failure: string | null };
  const delay = accountDelaySeconds(failures);
  if (!delay || !lastFailure) return 0;
  return Math.max(0, secondsUntil(new Date(lastFailure).getTime() + delay * 1000, now));
}

/**
 * Decides whether this sign-in may be checked now and, if so, records it as a failure until
 * markAttemptSucceeded says otherwise. The check and the record are one transaction under
 * advisory locks on the email and the address, so parallel guesses cannot all pass the check
 * before any of them is counted; the password itself is checked outside it.
 */
export async function beginAttempt(knex: Knex, emailLower: string, ip: string | null, now: Date): Promise<AttemptVerdict> {
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`sign-in email ${emailLower}`]);
    if (ip) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`sign-in address ${ip}`]);
    const clientWait = ip ? await clientWaitSeconds(trx, ip, now) : 0;
    if (clientWait > 0) return { allowed: false, retryAfterSeconds: clientWait, limit: 'client' };
    const accountWait = await accountWaitSeconds(trx, emailLower, ip, now);
    if (accountWait > 0) return { allowed: false, retryAfterSeconds: accountWait, limit: 'account' };
    const [row] = await trx('login_attempts').insert({ email_lower: emailLower, ip, succeeded: false, at: now, created_at: now, updated_at: now }).returning('id');
    return { allowed: true, attemptId: row.id };
  });
}

export async function markAttemptSucceeded(db: Knex | Knex.Transaction, attemptId: number, now: Date): Promise<void> {
  await db('login_attempts').where({ id: attemptId }).update({ succeeded: true, updated_at: now });
}

/** "45 seconds", "3 minutes": how long the refusal message says to wait. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
