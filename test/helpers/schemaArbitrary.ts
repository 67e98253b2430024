import fc from 'fast-check';
import { DECIMALS_KEYWORD } from '../../server/openapi/schemas';

/**
 * fast-check arbitraries of the values a JSON schema of the OpenAPI document accepts (the
 * subset the document uses), for the contract fuzz test. Strings and arrays are kept short; an
 * integer that refers to records (`x-reference`) is mostly one of the ids that exist.
 */
export type Schema = Record<string, any>;

export interface SchemaContext {
  /** `#/components/schemas/<name>` */
  resolve(ref: string): Schema;
  /** ids of the records of a resource, for references */
  idsOf(resource: string): readonly (number | string)[];
}

const DAY_MS = 86_400_000;
const FROM = Date.UTC(2024, 0, 1);
const date = fc.integer({ min: 0, max: 4 * 365 }).map((days) => new Date(FROM + days * DAY_MS).toISOString().slice(0, 10));
const dateTime = fc.integer({ min: 0, max: 4 * 365 * 24 }).map((hours) => new Date(FROM + hours * 3_600_000).toISOString());

function stringOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return date;
  if (schema.format === 'date-time') return dateTime;
  if (schema.format === 'email') return fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.test$/);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 24, Math.max(minLength, 24));
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }).filter((text) => (minLength > 0 ? text.trim().length > 0 : true));
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.01) : integer ? -5 : -1000);
  const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.01) : integer ? 1_000 : 100_000), 1e9);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
  if (schema[DECIMALS_KEYWORD] !== undefined) {
    const scale = 10 ** schema[DECIMALS_KEYWORD];
    return fc.integer({ min: Math.ceil(min * scale), max: Math.max(Math.ceil(min * scale), Math.floor(max * scale)) }).map((units) => units / scale);
  }
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

/** Values `schema` accepts; `writing`: leave out read-only properties (a body). */
export function arbitraryOf(schema: Schema | boolean, context: SchemaContext, writing = false): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return fc.jsonValue({ maxDepth: 2 });
  if (schema === false) throw new Error('No value matches false');
  if (schema.$ref) return arbitraryOf(context.resolve(schema.$ref), context, writing);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((option: Schema) => arbitraryOf(option, context, writing)));
  if (schema.allOf) return arbitraryOf(schema.allOf[0], context, writing);
  if (schema.contentMediaType === 'application/json' && schema.contentSchema) return arbitraryOf(schema.contentSchema, context, writing).map((value) => JSON.stringify(value));
  const types: string[] | undefined = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : undefined;
  if (!types) return fc.jsonValue({ maxDepth: 2 });
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryOf({ ...schema, type }, context, writing)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const ids = schema['x-reference'] ? context.idsOf(schema['x-reference']) : [];
      return ids.length ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: numberOf(schema, true), weight: 1 }) : numberOf(schema, true);
    }
    case 'number':
      return numberOf(schema, false);
    case 'string': {
      const ids = schema['x-reference'] ? context.idsOf(schema['x-reference']) : [];
      return ids.length ? fc.constantFrom(...ids.map(String)) : stringOf(schema);
    }
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((item: Schema) => arbitraryOf(item, context, writing)));
      const minLength = schema.minItems ?? 0;
      const items = arbitraryOf(schema.items ?? true, context, writing);
      const bounds = { minLength, maxLength: Math.min(schema.maxItems ?? 3, Math.max(minLength, 3)) };
      return schema.uniqueItems ? fc.uniqueArray(items, { ...bounds, selector: (item) => JSON.stringify(item) }) : fc.array(items, bounds);
    }
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>).filter(([, property]) => !(writing && property.readOnly));
      if (!properties.length) return fc.constant({});
      const required = ((schema.required ?? []) as string[]).filter((name) => properties.some(([key]) => key === name));
      return fc.record(Object.fromEntries(properties.map(([name, property]) => [name, arbitraryOf(property, context, writing)])), { requiredKeys: required });
    }
    default:
      throw new Error(`No arbitrary for type ${types[0]}`);
  }
}

/** A value of the wrong kind for `schema` (a text for a number, an object for a text …). */
export function wrongValueFor(schema: Schema | boolean | undefined): fc.Arbitrary<unknown> {
  const type = typeof schema === 'object' ? (Array.isArray(schema.type) ? schema.type[0] : schema.type) : undefined;
  switch (type) {
    case 'integer':
    case 'number':
      return fc.constantFrom<unknown>('12abc', { n: 1 }, '1e999', 2 ** 63, -1.5);
    case 'string':
      return fc.oneof(fc.integer(), fc.constantFrom<unknown>(['a'], { text: 'x' }, true));
    case 'boolean':
      return fc.oneof(fc.constant<unknown>('yes'), fc.integer());
    case 'array':
      return fc.constantFrom<unknown>('not a list', {});
    case 'object':
      return fc.constantFrom<unknown>([1, 2], 'text');
    default:
      return fc.oneof(fc.constant<unknown>({ deeply: { nested: [1, { x: null }] } }), fc.string());
  }
}
