/**
 * JSON-schema pieces for the OpenAPI document's answers (JSON Schema 2020-12, as OpenAPI 3.1
 * reads it). Objects are closed and every property is present unless named optional, so the
 * contract test (test/platform/openapiContractFuzz.test.ts) notices a field the document
 * does not know as well as one it misses.
 */
export type Schema = Record<string, unknown>;

export const STRING: Schema = { type: 'string' };
export const INTEGER: Schema = { type: 'integer' };
export const NUMBER: Schema = { type: 'number' };
export const BOOLEAN: Schema = { type: 'boolean' };
export const DATE: Schema = { type: 'string', format: 'date' };
export const DATE_TIME: Schema = { type: 'string', format: 'date-time' };
export const ID: Schema = { type: 'integer', minimum: 1 };
/** Where an answer was read (server/db/readRouting.ts `readFields`). */
export const READ_SOURCE: Record<string, Schema> = {
  data_as_of: DATE_TIME,
  read_from: { type: 'string', enum: ['replica', 'primary'] },
  read_note: { anyOf: [STRING, { type: 'null' }] },
};
/** Any JSON value. */
export const ANY: Schema = {};

/**
 * Money: a number with at most two decimals. `multipleOf: 0.01` would refuse 0.07 and most
 * other amounts (floating point), so the decimals are the keyword `x-decimals`, which the
 * contract tests check and other readers take as the annotation it is.
 */
export const DECIMALS_KEYWORD = 'x-decimals';
export const MONEY: Schema = { type: 'number', [DECIMALS_KEYWORD]: 2, description: 'An amount in dollars, at most 2 decimals' };

export function oneOf(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values] };
}

/** The schema, or null. */
export function nullable(schema: Schema): Schema {
  if (schema.$ref !== undefined || schema.type === undefined) return { anyOf: [schema, { type: 'null' }] };
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const result: Schema = { ...schema, type: [...new Set([...types, 'null'])] };
  if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null];
  return result;
}

export function arrayOf(items: Schema): Schema {
  return { type: 'array', items };
}

/** A closed object: every property required but those named `optional`. */
export function object(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  };
}

/** One property of `value` per key (counts per source, per check …). */
export function sameFor(keys: readonly string[], value: Schema): Record<string, Schema> {
  return Object.fromEntries(keys.map((key) => [key, value]));
}

/** An object with one property of `value` per key. */
export function keyed(keys: readonly string[], value: Schema): Schema {
  return object(sameFor(keys, value));
}

/** An open object (its keys vary, e.g. a job's summary). */
export function openObject(description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}) };
}

/** A record id in a path: the digits of a whole number (1 to 15 of them). */
export const PATH_ID: Schema = { type: 'string', pattern: '^[0-9]{1,15}$' };

/** A query parameter holding JSON (`sort`, `range`, `filter` …): a string whose content is `schema`. */
export const jsonParameter = (schema: Schema, description: string): Schema => ({ type: 'string', contentMediaType: 'application/json', contentSchema: schema, description });

/** A JSON answer of `schema`. */
export const json = (description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** `{ ok: true }`, the answer of an action with nothing else to say. */
export const OK = object({ ok: { const: true } });

/** The error body of docs/api.md (server/errors.ts, server/http/errorHandler.ts). */
export const ERROR: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['message', 'code'],
  properties: {
    message: STRING,
    code: STRING,
    errors: { type: 'object', additionalProperties: STRING },
    message_code: { type: 'string', description: 'the message in contract/messages.ts, for a translation' },
    params: { type: 'object', description: "the message's parameters" },
    field_codes: {
      type: 'object',
      description: 'each field error by message code',
      additionalProperties: { type: 'object', required: ['message_code', 'params'], properties: { message_code: STRING, params: { type: 'object' } } },
    },
    error_id: { type: 'string', description: 'a 500 only: the request id, also the id of its log line' },
    detail: {
      type: 'object',
      description: "a 409 `stale_version` only: the record's last change (contract/conflicts.ts)",
      additionalProperties: false,
      required: ['changed_by', 'changed_by_user', 'changed_at', 'version'],
      properties: { changed_by: { type: ['string', 'null'] }, changed_by_user: { type: 'boolean' }, changed_at: DATE_TIME, version: INTEGER },
    },
  },
};

/**
 * A schema the server checks with (Ajv's draft-07 dialect, server/validation.ts) as OpenAPI 3.1
 * states it: without `x-message`, the server's own annotation for its 400s, and with a tuple's
 * `items: [...]` written `prefixItems` as JSON Schema 2020-12 does.
 */
export function publicSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(publicSchema) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as Record<string, unknown>)
      .filter(([key]) => key !== 'x-message')
      .map(([key, value]) => [key === 'items' && Array.isArray(value) ? 'prefixItems' : key, publicSchema(value)]),
  ) as T;
}
