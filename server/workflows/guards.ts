import type { Knex } from 'knex';
import type { Model } from 'objection';
import type { CurrentUser } from '../access/roles';
import { findInScope } from '../access/scope';
import type { Scope } from '../resources/types';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../errors';
import { say } from '../messages';

/**
 * Checks every workflow shares: the state an action starts from, a date against the clock, and
 * loading a record the caller refers to through the caller's scope (a record out of scope is
 * "not found", never "forbidden"). An action's input itself is checked by the engine against
 * its declaration (server/resources/actionInput.ts).
 */
/** 409 naming the current state when an action does not start from it. */
export function requireStatus(what: string, record: { status: string }, allowed: readonly string[], action: string): void {
  if (!allowed.includes(record.status)) {
    throw new ConflictError(
      say('wrong_status_for_action', { what, status: record.status, action, allowed: allowed.join(', ') }),
      { status: say('field_is_status', { status: record.status }) },
      'wrong_state',
    );
  }
}

export function notInFuture(date: string, todayDate: string, field: string, label: string): void {
  if (date > todayDate) throw new RuleError(say('date_in_future', { label }), { [field]: say('field_in_future') });
}

/**
 * Loads `model`'s row `id` if `scope` lets the user see it (findInScope, as the engine reads),
 * else 404, exactly as the engine answers for a record out of scope. A missing id is a 400 on
 * the field `<label>_id` (label "service_plan" → service_plan_id).
 */
export async function findVisible<M extends typeof Model>(
  trx: Knex | Knex.Transaction,
  user: CurrentUser,
  model: M,
  scope: Scope,
  id: unknown,
  label: string,
): Promise<InstanceType<M>> {
  if (id === undefined || id === null || id === '') {
    const field = `${label}_id`;
    throw new ValidationError(say('choose_record', { label }), { [field]: say('field_required') });
  }
  const isId = typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id));
  const row = isId ? await findInScope(trx, model, scope, user, id) : undefined;
  if (!row) throw new NotFoundError(say('no_such_labelled', { label, id: String(id) }));
  return row;
}
