import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { isIsoDate } from './dates';
import { ValidationError, type FieldErrors } from './errors';
import { Message, say } from './messages';

/**
 * The one JSON-schema validator of the server: the models (BaseModel's Objection validator), the
 * workflow actions' inputs, list filters, report parameters, job dates and the sign-in body are
 * all checked by Ajv with the same options and formats, and answered with the same field
 * messages. `date` is dates.ts's check of a real calendar date written YYYY-MM-DD (2025-02-30
 * is refused everywhere).
 */
export const AJV_OPTIONS = { allErrors: true, allowUnionTypes: true, strict: false, coerceTypes: false } as const;

/**
 * A property may name its own message, for every problem (`'x-message': say(…)`) or per Ajv
 * keyword (`{ type: say('param_once'), '*': say(…) }`), where the standard one would not tell
 * the caller what to send.
 */
export type CustomMessage = Message | Readonly<Record<string, Message>>;
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
export function describeProblem(keyword: string | undefined, params: Record<string, unknown> | undefined): Message {
  const limit = String(params?.limit);
  switch (keyword) {
    case 'required':
      return say('field_required');
    case 'additionalProperties':
      return say('field_unknown');
    case 'enum':
      return say('field_one_of', { values: ((params?.allowedValues as unknown[]) ?? []).filter((v) => v !== null).join(', ') });
    case 'maxLength':
      return say('field_max_length', { limit });
    case 'minLength':
      return params?.limit === 1 ? say('field_empty') : say('field_min_length', { limit });
    case 'format':
      return params?.format === 'date' ? say('field_date') : say('field_format', { format: String(params?.format) });
    case 'type':
      return say('field_type', { type: String(params?.type).replace(',null', '').replace(/,/g, ' or ') });
    case 'minimum':
      return say('field_at_least', { limit });
    case 'exclusiveMinimum':
      return say('field_greater_than', { limit });
    case 'maximum':
      return say('field_at_most', { limit });
    case 'exclusiveMaximum':
      return say('field_less_than', { limit });
    case 'pattern':
      return say('field_pattern');
    default:
      return say('field_invalid');
  }
}

function customMessage(error: ErrorObject): Message | undefined {
  // A missing property is reported on its parent: its own message still applies.
  const schema = error.keyword === 'required' ? error.parentSchema?.properties?.[String(error.params.missingProperty)] : error.parentSchema;
  const custom = schema?.[MESSAGE_KEYWORD] as CustomMessage | undefined;
  if (custom === undefined) return undefined;
  return custom instanceof Message ? custom : (custom[error.keyword] ?? custom['*']);
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
  const result = new Map<string, Message>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (!result.has(field)) result.set(field, customMessage(error) ?? describeProblem(error.keyword, error.params));
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
    errors[field] = describeProblem(problem.keyword, problem.params);
  }
  return errors;
}

/** Each field's problem in English, for a message that lists them (`field message; …`). */
export function listProblems(errors: FieldErrors): string {
  return Object.entries(errors).map(([field, message]) => `${field} ${message.text}`).join('; ');
}

/** The message that heads a 400 of field errors: every field named (`errors` says what of each). */
export function summarise(errors: FieldErrors): Message {
  return say('fields_invalid', { fields: Object.keys(errors).join(', ') });
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
export function compileCheck<T>(schema: object, message?: (errors: FieldErrors) => Message): InputCheck<T> {
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
