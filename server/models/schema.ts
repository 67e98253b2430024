import type { JSONSchema } from 'objection';

/**
 * JSON-schema fragments for the models, so each model reads as its column list, and its row
 * type is derived from that list (`RowOf`): a column is written once. Each fragment carries the
 * TypeScript type of its values at the type level only. Nullable columns are union types
 * (BaseModel's Ajv allows them); a nullable enumeration lists null. Money is a plain number: the
 * engine checks it has at most two decimals (multipleOf 0.01 is unreliable with floats).
 */
declare const valueType: unique symbol;

/** A column's JSON schema, typed with the values it holds (the type exists at compile time only). */
export type Column<T> = JSONSchema & { readonly [valueType]: T };

/** A schema fragment for values of type T (the schema is the caller's word for what T is). */
export function column<T>(schema: JSONSchema): Column<T> {
  return schema as Column<T>;
}

export const id = column<number>({ type: 'integer', minimum: 1 });
export const optionalId = column<number | null>({ type: ['integer', 'null'], minimum: 1 });

export const code = column<string>({ type: 'string', minLength: 1, maxLength: 100 });
export const optionalCode = column<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 100 });

/** A short required text (names, titles): not blank. */
export function text(maxLength?: number) {
  return column<string>(maxLength === undefined ? { type: 'string', minLength: 1 } : { type: 'string', minLength: 1, maxLength });
}

export function optionalText(maxLength?: number) {
  return column<string | null>(maxLength === undefined ? { type: ['string', 'null'] } : { type: ['string', 'null'], maxLength });
}

export const boolean = column<boolean>({ type: 'boolean' });
export const optionalBoolean = column<boolean | null>({ type: ['boolean', 'null'] });

export const integer = column<number>({ type: 'integer' });
export const optionalInteger = column<number | null>({ type: ['integer', 'null'] });

export function number(range: { minimum?: number; maximum?: number; exclusiveMinimum?: number } = {}) {
  return column<number>({ type: 'number', ...range });
}

export function optionalNumber(range: { minimum?: number; maximum?: number; exclusiveMinimum?: number } = {}) {
  return column<number | null>({ type: ['number', 'null'], ...range });
}

/** numeric(12,2) */
const MONEY_MAX = 9999999999.99;
export const money = number({ minimum: 0, maximum: MONEY_MAX });
export const positiveMoney = number({ exclusiveMinimum: 0, maximum: MONEY_MAX });
export const optionalMoney = optionalNumber({ minimum: 0, maximum: MONEY_MAX });

export const date = column<string>({ type: 'string', format: 'date' });
export const optionalDate = column<string | null>({ type: ['string', 'null'], format: 'date' });

export const timestamp = column<string>({ type: 'string', format: 'date-time' });
export const optionalTimestamp = column<string | null>({ type: ['string', 'null'], format: 'date-time' });

export const email = column<string>({ type: 'string', format: 'email', maxLength: 320 });
export const optionalEmail = column<string | null>({ type: ['string', 'null'], format: 'email', maxLength: 320 });

export function oneOf<const V extends readonly string[]>(values: V) {
  return column<V[number]>({ type: 'string', enum: [...values] });
}

export function optionalOneOf<const V extends readonly string[]>(values: V) {
  return column<V[number] | null>({ type: ['string', 'null'], enum: [...values, null] });
}

export const json = column<unknown>({});
export const optionalJsonObject = column<Record<string, unknown> | null>({ type: ['object', 'null'] });

/** The schema of a model: an object of these columns, with these required on insert. */
export interface ModelSchema<P extends Record<string, Column<unknown>>> extends JSONSchema {
  properties: P;
}

export function objectSchema<P extends Record<string, Column<unknown>>>(properties: P, required: readonly (keyof P & string)[] = []): ModelSchema<P> {
  return { type: 'object', required: [...required], properties };
}

type ValueOf<C> = C extends Column<infer T> ? T : never;

/** A model's row as the database returns it: every column of its schema, typed from it. */
export type RowOf<S extends ModelSchema<Record<string, Column<unknown>>>> = { [K in keyof S['properties']]: ValueOf<S['properties'][K]> };
