import { ValidationError } from '../errors';
import { say } from '../messages';
import { compileCheck, type InputCheck } from '../validation';
import type { ActionDeclaration, ActionInputField, ResourceDeclaration } from './types';

/**
 * An action's declared input, compiled into a JSON schema and checked by the server's one
 * validator before the action runs: only declared fields, each of its type, date, length and
 * choices (choices that depend on the record read from it), required ones present. The action
 * receives the checked values; absent optional ones are null.
 */
type Row = Record<string, unknown>;
type Declaration = Pick<ResourceDeclaration, 'name' | 'model'>;

/** The values a field accepts for this record, when it has choices. */
function choicesFor(field: ActionInputField, record: Row): readonly string[] | undefined {
  if (field.enumBy) return field.enumBy.choices[String(record[field.enumBy.field])] ?? [];
  return field.enum;
}

/** A string field's limit: its own, else its model column's. */
export function maxLengthOf(declaration: Declaration, field: ActionInputField): number | undefined {
  if (field.maxLength !== undefined) return field.maxLength;
  if (field.type !== 'string' && field.type !== 'text') return undefined;
  const column = (declaration.model.jsonSchema?.properties as Record<string, { maxLength?: number }> | undefined)?.[field.name];
  return column?.maxLength;
}

function fieldSchema(declaration: Declaration, field: ActionInputField, record: Row): object {
  const maxLength = maxLengthOf(declaration, field);
  const base =
    field.type === 'date'
      ? { type: 'string', format: 'date' }
      : field.type === 'string' || field.type === 'text'
        ? { type: 'string', ...(maxLength === undefined ? {} : { maxLength }) }
        : { type: field.type };
  const choices = choicesFor(field, record);
  const nullable = !field.required;
  return {
    ...base,
    type: nullable ? [base.type, 'null'] : base.type,
    ...(choices ? { enum: nullable ? [...choices, null] : [...choices] } : {}),
  };
}

function schemaFor(declaration: Declaration, action: ActionDeclaration<any, any>, record: Row): object {
  const fields: readonly ActionInputField[] = action.input ?? [];
  return {
    type: 'object',
    additionalProperties: false,
    required: fields.filter((f) => f.required).map((f) => f.name),
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(declaration, f, record)])),
  };
}

/** The record fields whose value changes an action's schema (its `enumBy` fields). */
function variantKey(action: ActionDeclaration<any, any>, record: Row): string {
  const fields: readonly ActionInputField[] = action.input ?? [];
  return JSON.stringify(fields.filter((f) => f.enumBy).map((f) => record[f.enumBy!.field] ?? null));
}

const compiled = new WeakMap<ActionDeclaration<any, any>, Map<string, InputCheck<Row>>>();

function checkFor(declaration: Declaration, action: ActionDeclaration<any, any>, record: Row): InputCheck<Row> {
  let variants = compiled.get(action);
  if (!variants) compiled.set(action, (variants = new Map()));
  const key = variantKey(action, record);
  let check = variants.get(key);
  if (!check) variants.set(key, (check = compileCheck<Row>(schemaFor(declaration, action, record))));
  return check;
}

/**
 * The body as the action receives it. Forms send blanks for empty fields: strings are trimmed
 * and blanks count as not sent; a field marked `fromRecord` that is not sent takes the record's
 * value. Throws a ValidationError (400) naming every bad field.
 */
export function parseActionInput(declaration: Declaration, action: ActionDeclaration<any, any>, record: Row, body: unknown): Row {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new ValidationError(say('body_not_object'));
  }
  const fields: readonly ActionInputField[] = action.input ?? [];
  const declared = new Set(fields.map((f) => f.name));
  // Built with fromEntries (own properties), so a `__proto__` key is an unknown field like any other.
  const sent: Row = Object.fromEntries(
    Object.entries((body ?? {}) as Row)
      .map(([name, raw]) => [name, typeof raw === 'string' ? raw.trim() : raw] as const)
      .filter(([name, value]) => !declared.has(name) || (value !== '' && value !== null && value !== undefined)),
  );
  for (const field of fields) {
    if (field.fromRecord && sent[field.name] === undefined && record[field.name] != null) sent[field.name] = record[field.name];
  }
  const input = checkFor(declaration, action, record)(sent);
  for (const field of fields) input[field.name] ??= null;
  return input;
}

/** An action's input as /api/meta describes it (snake_case, limits and record-dependent choices included). */
export function describeActionInput(declaration: Declaration, action: ActionDeclaration<any, any>) {
  const fields: readonly ActionInputField[] = action.input ?? [];
  return fields.map((field) => ({
    name: field.name,
    type: field.type,
    required: Boolean(field.required),
    enum: field.enumBy ? [...new Set(Object.values(field.enumBy.choices).flat())] : field.enum ? [...field.enum] : null,
    enum_by: field.enumBy ? { field: field.enumBy.field, choices: field.enumBy.choices } : null,
    reference: field.reference ?? null,
    max_length: maxLengthOf(declaration, field) ?? null,
    from_record: Boolean(field.fromRecord),
  }));
}
