/**
 * JSON-schema fragments for the models, so each model reads as its column list. Nullable
 * columns are union types (BaseModel's Ajv allows them); a nullable enumeration lists null.
 * Money is a plain number: the engine checks it has at most two decimals (multipleOf 0.01 is
 * unreliable with floats).
 */
type Schema = Record<string, unknown>;

export const id: Schema = { type: 'integer', minimum: 1 };
export const optionalId: Schema = { type: ['integer', 'null'], minimum: 1 };

export const code: Schema = { type: 'string', minLength: 1, maxLength: 100 };
export const optionalCode: Schema = { type: ['string', 'null'], minLength: 1, maxLength: 100 };

/** A short required text (names, titles): not blank. */
export function text(maxLength?: number): Schema {
  return maxLength === undefined ? { type: 'string', minLength: 1 } : { type: 'string', minLength: 1, maxLength };
}

export function optionalText(maxLength?: number): Schema {
  return maxLength === undefined ? { type: ['string', 'null'] } : { type: ['string', 'null'], maxLength };
}

export const boolean: Schema = { type: 'boolean' };
export const optionalBoolean: Schema = { type: ['boolean', 'null'] };

export const integer: Schema = { type: 'integer' };
export const optionalInteger: Schema = { type: ['integer', 'null'] };

export function number(range: { minimum?: number; maximum?: number; exclusiveMinimum?: number } = {}): Schema {
  return { type: 'number', ...range };
}

export function optionalNumber(range: { minimum?: number; maximum?: number; exclusiveMinimum?: number } = {}): Schema {
  return { type: ['number', 'null'], ...range };
}

/** numeric(12,2) */
const MONEY_MAX = 9999999999.99;
export const money: Schema = number({ minimum: 0, maximum: MONEY_MAX });
export const positiveMoney: Schema = number({ exclusiveMinimum: 0, maximum: MONEY_MAX });
export const optionalPositiveMoney: Schema = optionalNumber({ exclusiveMinimum: 0, maximum: MONEY_MAX });
export const optionalMoney: Schema = optionalNumber({ minimum: 0, maximum: MONEY_MAX });

export const date: Schema = { type: 'string', format: 'date' };
export const optionalDate: Schema = { type: ['string', 'null'], format: 'date' };

export const timestamp: Schema = { type: 'string', format: 'date-time' };
export const optionalTimestamp: Schema = { type: ['string', 'null'], format: 'date-time' };

export function oneOf(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values] };
}

export function optionalOneOf(values: readonly string[]): Schema {
  return { type: ['string', 'null'], enum: [...values, null] };
}

export const json: Schema = {};
export const optionalJsonObject: Schema = { type: ['object', 'null'] };

/** The schema of a model: an object of these properties, with these required. */
export function objectSchema(properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  return { type: 'object', required: [...required], properties };
}
