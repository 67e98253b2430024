import { ConflictError, ForbiddenError, ValidationError, type FieldErrors } from '../errors';
import type { CurrentUser } from '../access/roles';
import { childNameFields } from './childName';
import { describeFields, type FieldDescription } from './fields';
import { checkLargeTextSizes, largeTextComputedFields } from './largeText';
import type { AnyRow, ResourceDeclaration } from './types';
import { say, type Message } from '../messages';

/**
 * Turns a request body into the fields a write may set. Fields the server owns are dropped
 * (react-admin sends the whole record back on update); unknown fields are refused; fields only
 * workflow actions change are refused when they would change; money keeps two decimals.
 */
const ALWAYS_DROPPED = new Set(['id', 'created_at', 'updated_at', 'version']);

export function writableInput(
  declaration: ResourceDeclaration,
  user: CurrentUser,
  body: unknown,
  before: AnyRow | null,
): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(say('body_not_object'));
  }
  const fields = new Map(describeFields(declaration).map((f) => [f.name, f]));
  const serverOwned = new Set(declaration.serverFields ?? []);
  const actionOnly = new Set(declaration.actionOnlyFields ?? []);
  const mayCreateInAnyState = user.role === 'system_admin' && before === null;
  const roleFields = declaration.writableByRole?.[user.role];
  const idColumn = declaration.model.idColumn as string;
  const computed = new Set([...largeTextComputedFields(declaration), ...childNameFields(declaration)]);

  const data: Record<string, unknown> = {};
  // A Map, so that `__proto__` is named like any other unknown field instead of setting a prototype.
  const unknown = new Map<string, Message>();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (ALWAYS_DROPPED.has(name) && !(name === 'id' && idColumn !== 'id')) continue;
    if (name === 'id') continue;
    if (serverOwned.has(name) || computed.has(name)) continue;
    const field = fields.get(name);
    if (!field && !(declaration.hiddenFields ?? []).includes(name)) {
      unknown.set(name, say('field_unknown'));
      continue;
    }
    if (!field) continue;
    const changes = before === null ? value !== null && value !== undefined : !sameValue(before[name], value);
    if (actionOnly.has(name) && !mayCreateInAnyState) {
      if (!changes) continue;
      throw new ConflictError(
        say('field_changes_by_action', { field: name, records: declaration.name }),
        { [name]: say('field_action_only') },
        'action_only_field',
      );
    }
    if (roleFields && !roleFields.includes(name)) {
      if (!changes) continue;
      throw new ForbiddenError(say('role_fields_only', { fields: roleFields.join(', '), records: declaration.name }));
    }
    data[name] = normalise(field, value);
  }
  if (unknown.size) {
    throw new ValidationError(say('unknown_fields', { records: declaration.name, fields: [...unknown.keys()].join(', ') }), Object.fromEntries(unknown));
  }
  checkMoney(fields, data);
  checkLargeTextSizes(declaration, data);
  return data;
}

function sameValue(stored: unknown, sent: unknown): boolean {
  if (stored === sent) return true;
  if (stored === null || stored === undefined) return sent === null || sent === undefined || sent === '';
  if (typeof stored === 'object') return JSON.stringify(stored) === JSON.stringify(sent);
  if (stored instanceof Date) return stored.toISOString() === sent;
  return String(stored) === String(sent);
}

/** Empty strings from forms mean "no value" for everything but text. */
function normalise(field: FieldDescription, value: unknown): unknown {
  if (value === '' && field.type !== 'string' && field.type !== 'text') return null;
  if (value === '' && field.nullable && field.enum) return null;
  return value;
}

function checkMoney(fields: Map<string, FieldDescription>, data: Record<string, unknown>) {
  const errors: FieldErrors = {};
  for (const [name, value] of Object.entries(data)) {
    if (fields.get(name)?.type !== 'money' || value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) errors[name] = say('field_amount');
    else if (Math.round(value * 100) / 100 !== value) errors[name] = say('field_cents');
    else if (Math.abs(value) >= 1e10) errors[name] = say('field_amount_too_large');
  }
  if (Object.keys(errors).length) throw new ValidationError(say('check_amounts'), errors);
}
