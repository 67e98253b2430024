import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { isGlobalReader } from '../access/roles';
import type { SqlFragment } from '../access/scope';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../errors';

/**
 * Checks every workflow shares: the state an action starts from, a date against the clock, and
 * loading a record the caller refers to through the caller's scope (a record out of scope is
 * "not found", never "forbidden"). An action's input itself is checked by the engine against
 * its declaration (server/resources/actionInput.ts).
 */
export function humanStatus(status: string): string {
  return status.replace(/_/g, ' ');
}

/** 409 naming the current state when an action does not start from it. */
export function requireStatus(what: string, record: { status: string }, allowed: readonly string[], action: string): void {
  if (!allowed.includes(record.status)) {
    throw new ConflictError(
      `This ${what} is ${humanStatus(record.status)}; it can be ${action} only when ${allowed.map(humanStatus).join(' or ')}`,
      { status: `is ${record.status}` },
      'wrong_state',
    );
  }
}

export function notInFuture(date: string, todayDate: string, field: string, label: string): void {
  if (date > todayDate) throw new RuleError(`The ${label} cannot be in the future`, { [field]: 'cannot be in the future' });
}

/**
 * Loads `table` row `id` if the user may see it (`ids` is the scope subquery of server/access),
 * else 404, exactly as the engine answers for a record out of scope. A missing id is a 400 on
 * the field `<label>_id` (label "service plan" → service_plan_id).
 */
export async function findVisible(
  trx: Knex | Knex.Transaction,
  user: CurrentUser,
  table: string,
  id: unknown,
  ids: (user: CurrentUser) => SqlFragment,
  label: string,
): Promise<Record<string, any>> {
  if (id === undefined || id === null || id === '') {
    const field = `${label.replace(/ /g, '_')}_id`;
    throw new ValidationError(`Choose the ${label}`, { [field]: 'is required' });
  }
  const query = trx(table).where(`${table}.id`, id as number);
  if (!isGlobalReader(user)) {
    const fragment = ids(user);
    query.whereRaw(`${table}.id in (${fragment.sql})`, fragment.bindings as Knex.RawBinding[]);
  }
  const row = typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? await query.first() : undefined;
  if (!row) throw new NotFoundError(`No ${label} ${String(id)}`);
  return row;
}
