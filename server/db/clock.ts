import type { Knex } from 'knex';
import { systemClock, type Clock } from '../clock';

/**
 * The clock a database handle carries, so what is written through it is stamped with the
 * injected "now" rather than the wall's or PostgreSQL's: BaseModel's created_at / updated_at,
 * the audit trail, notifications and job runs, and the date scope compares place assignments
 * with. It travels in knex's `userParams`, which every transaction opened on the handle
 * inherits and Objection hands to model hooks as `queryContext.transaction`.
 */
export function withClock(knex: Knex, clock: Clock): Knex {
  return knex.withUserParams({ ...knex.userParams, clock });
}

/** The handle's clock; a handle made without one (migrations, seeds, scripts) reads the system clock. */
export function clockOf(db: Knex | Knex.Transaction): Clock {
  return (db.userParams?.clock as Clock | undefined) ?? systemClock;
}

/** `created_at` and `updated_at` of a row written through `db` outside a model. */
export function rowTimestamps(db: Knex | Knex.Transaction): { created_at: string; updated_at: string } {
  const now = clockOf(db)().toISOString();
  return { created_at: now, updated_at: now };
}
