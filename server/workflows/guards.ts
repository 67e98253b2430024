import type { Knex } from 'knex';
import type { Model } from 'objection';
import type { CurrentUser } from '../access/roles';
import { findInScope } from '../access/scope';
import type { Scope } from '../resources/types';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../errors';
import { isIsoDate } from '../dates';

/**
 * Checks every workflow shares: the state an action starts from, dates and text in an action's
 * input, and loading a record the caller refers to through the caller's scope (a record out of
 * scope is "not found", never "forbidden").
 */
export function humanStatus(status: string): string {
  return status.replace(/_/g, ' ');
}

/** 409 naming the current state when an action does not start from it. */
export function requireStatus(what: string, record: Record<string, any>, allowed: readonly string[], action: string): void {
  if (!allowed.includes(record.status)) {
    throw new ConflictError(
      `This ${what} is ${humanStatus(record.status)}; it can be ${action} only when ${allowed.map(humanStatus).join(' or ')}`,
      { status: `is ${record.status}` },
      'wrong_state',
    );
  }
}

export function requiredDate(body: Record<string, any>, field: string, label: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') throw new ValidationError(`Enter the ${label}`, { [field]: 'is required' });
  if (!isIsoDate(value)) throw new ValidationError(`The ${label} must be a date YYYY-MM-DD`, { [field]: 'must be a date YYYY-MM-DD' });
  return value;
}

export function optionalDate(body: Record<string, any>, field: string, label: string): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === '') return null;
  return requiredDate(body, field, label);
}

export function requiredText(body: Record<string, any>, field: string, label: string, maxLength: number): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`Enter the ${label}`, { [field]: 'is required' });
  if (value.length > maxLength) {
    throw new ValidationError(`The ${label} must be at most ${maxLength} characters`, { [field]: `must be at most ${maxLength} characters` });
  }
  return value.trim();
}

export function notInFuture(date: string, todayDate: string, field: string, label: string): void {
  if (date > todayDate) throw new RuleError(`The ${label} cannot be in the future`, { [field]: 'cannot be in the future' });
}

/**
 * Loads `model`'s row `id` if `scope` lets the user see it (findInScope, as the engine reads),
 * else 404, exactly as the engine answers for a record out of scope. A missing id is a 400 on
 * the field `<label>_id` (label "service plan" → service_plan_id).
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
    const field = `${label.replace(/ /g, '_')}_id`;
    throw new ValidationError(`Choose the ${label}`, { [field]: 'is required' });
  }
  const isId = typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id));
  const row = isId ? await findInScope(trx, model, scope, user, id) : undefined;
  if (!row) throw new NotFoundError(`No ${label} ${String(id)}`);
  return row;
}
