import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { isIsoDate } from './dates';
import { ValidationError, type FieldErrors } from './errors';

/**
 * The one JSON-schema validator of the server: the models (BaseModel's Objection validator), the
 * workflow actions' inputs, list filters, report parameters, job dates and the sign-in body are
 * all checked by Ajv with the same options and formats, and answered with the same field
 * messages. `date` is dates.ts's check of a real calendar date written YYYY-MM-DD (2025-02-30
 * is refused everywhere).
 */
export const AJV_OPTIONS = { allErrors: true, allowUnionTypes: true, strict: false, coerceTypes: false } as const;

/**
 * A property may name its own message, for every problem (`'x-message': '…'`) or per Ajv
 * keyword (`{ type: 'Give this parameter once', '*': '…' }`), where the standard one would
 * not tell the caller what to send.
 */
export type CustomMessage = string | Readonly<Record<string, string>>;
const MESSAGE_KEYWORD = 'x-message';

/** Adds the server's formats (and the message annotation) to an Ajv instance. */
export function addServerFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: isIsoDate });
  if (!ajv.getKeyword(MESSAGE_KEYWORD)) ajv.addKeyword({ keyword: MESSAGE_KEYWORD, schemaType: ['string', 'object'] });
  return ajv;
}

const ajv = addServerFormats(new Ajv({ ...AJV_OPTIONS, verbose: true }));

/** The message a field gets for one failed keyword, in the words of the API (docs/api.md). */
export function describeProblem(keyword: string | undefined, params: Record<string, unknown> | undefined, fallback?: string): string {
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'unknown field';
    case 'enum':
      return `must be one of: ${((params?.allowedValues as unknown[]) ?? []).filter((v) => v !== null).join(', ')}`;
    case 'maxLength':
      return `must be at most ${String(params?.limit)} characters`;
    case 'minLength':
      return params?.limit === 1 ? 'cannot be empty' : `must be at least ${String(params?.limit)} characters`;
    case 'format':
      return params?.format === 'date' ? 'must be a date YYYY-MM-DD' : `must be a valid ${String(params?.format)}`;
    case 'type':
      return `must be ${String(params?.type).replace(',null', '').replace(/,/g, ' or ')}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `must be ${keyword === 'minimum' ? 'at least' : 'greater than'} ${String(params?.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${keyword === 'maximum' ? 'at most' : 'less than'} ${String(params?.limit)}`;
    case 'pattern':
      return 'has the wrong format';
    default:
      return fallback ?? 'is not valid';
  }
}

function customMessage(error: ErrorObject): string | undefined {
  // A missing property is reported on its parent: its own message still applies.
  const schema = error.keyword === 'required' ? error.parentSchema?.properties?.[String(error.params.missingProperty)] : error.parentSchema;
  const custom = schema?.[MESSAGE_KEYWORD] as CustomMessage | undefined;
  if (custom === undefined) return undefined;
  return typeof custom === 'string' ? custom : (custom[error.keyword] ?? custom['*']);
}

/** The field an error is about: the top-level property (`/answers/0/comment` → answers). */
function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return error.instancePath.split('/')[1] ?? '';
}

/** Ajv's errors as `{ field: message }`, the first problem of each field. */
export function fieldErrors(errors: readonly ErrorObject[]): FieldErrors {
  // A Map, so that a field named `__proto__` is reported like any other.
  const result = new Map<string, string>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (!result.has(field)) result.set(field, customMessage(error) ?? describeProblem(error.keyword, error.params, error.message));
  }
  return Object.fromEntries(result);
}

/** A model's validation error (Objection's, from its JSON schema) as `{ field: message }`, the first problem of each top-level field. */
export function modelFieldErrors(err: { data?: unknown }): FieldErrors {
  const errors: FieldErrors = {};
  const data = (err.data ?? {}) as Record<string, { message?: string; keyword?: string; params?: Record<string, unknown> }[]>;
  for (const [rawField, problems] of Object.entries(data)) {
    const field = rawField.replace(/^\./, '').split(/[.[]/)[0] || rawField;
    const problem = problems?.[0];
    if (!problem) continue;
    errors[field] = describeProblem(problem.keyword, problem.params, problem.message);
  }
  return errors;
}

/** The message that heads a 400 of field errors: every field named. */
export function summarise(errors: FieldErrors): string {
  const fields = Object.keys(errors);
  return `Check ${fields.join(', ')}: ${fields.map((f) => `${f} ${errors[f]}`).join('; ')}`;
}

export interface InputCheck<T> {
  /** the value when it matches the schema; else a ValidationError (400) naming every bad field */
  (value: unknown): T;
  /** the field errors of a value, empty when it matches */
  problems(value: unknown): FieldErrors;
}

/**
 * Compiles a JSON schema once into a check. `message` heads the 400 (default: every field
 * named). The schema's type parameter is the caller's promise of what a valid value is.
 */
export function compileCheck<T>(schema: object, message?: (errors: FieldErrors) => string): InputCheck<T> {
  const validate = ajv.compile(schema);
  const problems = (value: unknown): FieldErrors => (validate(value) ? {} : fieldErrors(validate.errors ?? []));
  const check = (value: unknown): T => {
    const errors = problems(value);
    if (Object.keys(errors).length) throw new ValidationError((message ?? summarise)(errors), errors);
    return value as T;
  };
  return Object.assign(check, { problems });
}

/** One `YYYY-MM-DD` date, as job runs and list filters take it. */
const dateCheck = compileCheck<string>({ type: 'string', format: 'date' });
export function isValidDate(value: unknown): value is string {
  return Object.keys(dateCheck.problems(value)).length === 0;
}
