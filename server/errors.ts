import type { CodedMessage } from '../contract/messages';
import type { LastChange } from '../contract/conflicts';
import { Message, say } from './messages';

export type { LastChange };

/**
 * The few typed errors the server throws, and every `code` an error body can carry. The
 * database layer translates PostgreSQL's refusals into these (server/db/errors.ts), so jobs
 * and scripts see the same errors as HTTP; one error middleware (server/http/errorHandler.ts)
 * turns them into react-admin's shape: { message, code, errors }, with the message codes of
 * contract/messages.ts beside them (`message_code`, `params`, `field_codes`). Every message is
 * one of the catalogue's (a `Message`, made by `say`): the compiler refuses plain English, so
 * every refusal can be said in the reader's language.
 */
export type FieldErrors = Record<string, Message>;

/** Every error `code`, with its HTTP status and what it means (docs/api.md lists the same). */
export const ERROR_CODES = {
  validation_failed: { status: 400, meaning: 'a field or parameter is missing or invalid; `errors` names each field' },
  malformed_json: { status: 400, meaning: 'the request body is not valid JSON, or not valid UTF-8' },
  malformed_url: { status: 400, meaning: 'the address or query has a percent-escape that is not UTF-8, or a NUL' },
  malformed_input: { status: 400, meaning: 'a text holds a NUL or a lone UTF-16 surrogate; `errors` names the field' },
  too_deep: { status: 400, meaning: 'JSON nested more than 64 levels' },
  malformed_request: { status: 400, meaning: 'the request is not valid HTTP (answered before routing)' },
  bad_request: { status: 400, meaning: 'the request is malformed in another way' },
  unauthenticated: { status: 401, meaning: 'no valid session: sign in' },
  forbidden: { status: 403, meaning: 'the role may not do this at all, or the CSRF token is missing' },
  not_found: { status: 404, meaning: "no such record, or one outside the caller's scope (never said which), or no such endpoint" },
  request_timeout: { status: 408, meaning: 'the request took too long to arrive' },
  conflict: { status: 409, meaning: 'the record is in a state that refuses this' },
  stale_version: { status: 409, meaning: 'the record changed since it was read: reload it' },
  read_only: { status: 409, meaning: 'the record (or the plan it belongs to) is closed, paid or finalized' },
  wrong_state: { status: 409, meaning: "the workflow action does not start from the record's current status" },
  action_only_field: { status: 409, meaning: 'the field changes only through a workflow action' },
  open_plan_exists: { status: 409, meaning: 'the child already has an open plan in this programme and organisation' },
  duplicate: { status: 409, meaning: 'a record with this unique value already exists' },
  reference_rule: { status: 409, meaning: 'the records this one refers to do not belong together' },
  still_referenced: { status: 409, meaning: 'other records still refer to this one: remove or archive those first' },
  missing_reference: { status: 409, meaning: 'the record refers to one that does not exist' },
  retry: { status: 409, meaning: 'someone else changed the same rows at the same moment: try again' },
  too_large: { status: 413, meaning: 'the request body, or one of its texts, is over its limit; the message names the limit' },
  unsupported_encoding: { status: 415, meaning: 'the request body is in an encoding or charset the server does not read' },
  unsupported_file_type: { status: 415, meaning: 'an attachment is a program, a script or a kind of file the portal does not accept (told from its content)' },
  import_refused: { status: 422, meaning: 'rows of an import are refused, so nothing was imported; `errors` lists each bad row and cell (docs/imports.md)' },
  question_timeout: { status: 422, meaning: 'a question took longer than the server allows: narrow its filter or grouping' },
  rule_violated: { status: 422, meaning: 'a business rule refuses the change; `errors` names the fields' },
  too_many_requests: { status: 429, meaning: 'too many failed sign-ins for this email or from this address: try again after the `Retry-After` seconds' },
  headers_too_large: { status: 431, meaning: 'the address and headers exceed 16 KB: send a long filter to POST /api/<resource>/search' },
  internal: { status: 500, meaning: 'a fault on the server; `error_id` in the body is the id of its line in the log' },
  timeout: { status: 503, meaning: 'the database took too long to answer: narrow the request' },
  migrations_pending: { status: 503, meaning: 'the database schema is older than this server: run the migrations' },
  database_unavailable: { status: 503, meaning: 'PostgreSQL cannot be reached right now (a crash or restart); retry after the `Retry-After` seconds' },
  file_store_unavailable: { status: 503, meaning: 'the S3-compatible store that keeps attachments failed or cannot be reached (the log says why); nothing was changed' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with `status`. */
type CodeOf<Status extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends Status ? C : never }[ErrorCode];

function coded(message: Message): CodedMessage {
  return { message_code: message.key, params: message.params };
}

export class AppError extends Error {
  readonly status: number;
  /** each field's short English message */
  readonly errors: Record<string, string>;
  /** the message by code, and each field's */
  readonly coded: CodedMessage;
  readonly fieldCodes: Record<string, CodedMessage>;
  /** the message and each field's, as given: to say again in another error */
  readonly said: Message;
  readonly fieldMessages: FieldErrors;

  constructor(
    readonly code: ErrorCode,
    message: Message,
    errors: FieldErrors = {},
    options?: { cause?: unknown },
  ) {
    if (!(message instanceof Message) || !Object.values(errors).every((text) => text instanceof Message)) {
      throw new TypeError('A typed error takes messages of the catalogue (say(...)), not plain text');
    }
    super(message.text, options);
    this.status = ERROR_CODES[code].status;
    this.said = message;
    this.coded = coded(message);
    // Maps, so that a field named `__proto__` is kept like any other.
    const entries = Object.entries(errors);
    this.fieldMessages = Object.fromEntries(new Map(entries));
    this.errors = Object.fromEntries(new Map(entries.map(([field, text]) => [field, text.text])));
    this.fieldCodes = Object.fromEntries(new Map(entries.map(([field, text]) => [field, coded(text)])));
  }
}

/** 400: the request itself is malformed (bad JSON, unknown filter, bad field value). */
export class ValidationError extends AppError {
  constructor(message: Message, errors: FieldErrors = {}, options?: { cause?: unknown }) {
    super('validation_failed', message, errors, options);
  }
}

/** 401: no valid session. */
export class UnauthenticatedError extends AppError {
  constructor(message: Message = new Message('unauthenticated')) {
    super('unauthenticated', message);
  }
}

/** 403: the caller's role may not do this action at all. */
export class ForbiddenError extends AppError {
  constructor(message: Message = new Message('forbidden')) {
    super('forbidden', message);
  }
}

/** 404: missing, or outside the caller's scope (never reveal which). */
export class NotFoundError extends AppError {
  constructor(message: Message = new Message('not_found'), errors: FieldErrors = {}) {
    super('not_found', message, errors);
  }
}

/** 409: stale version, unique key, still referenced, wrong state, read-only record. */
export class ConflictError extends AppError {
  constructor(message: Message, errors: FieldErrors = {}, code: CodeOf<409> = 'conflict', options?: { cause?: unknown }) {
    super(code, message, errors, options);
  }
}

/** 409 `stale_version`: the body's `detail` is the record's last change, so the form can say who and when. */
export class StaleVersionError extends ConflictError {
  constructor(
    message: Message,
    readonly detail: LastChange,
  ) {
    super(message, { version: say('field_stale') }, 'stale_version');
  }
}

/** 422: a business rule of docs/domain.md refuses the change. */
export class RuleError extends AppError {
  constructor(message: Message, errors: FieldErrors = {}) {
    super('rule_violated', message, errors);
  }
}

/** 429: too many failed sign-ins (server/auth/throttle.ts); says when to try again. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: Message,
    /** what the Retry-After header says */
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message);
  }
}

/** 503: the database could not answer in time. */
export class TimeoutError extends AppError {
  constructor(message: Message, options?: { cause?: unknown }) {
    super('timeout', message, {}, options);
  }
}

/** 503: PostgreSQL cannot be reached right now (a crash, a restart, a network cut); retry soon. */
export class DatabaseUnavailableError extends AppError {
  /** what the Retry-After header says: about how long the embedded server takes to come back */
  readonly retryAfterSeconds = 2;

  constructor(message: Message = new Message('database_unavailable')) {
    super('database_unavailable', message);
  }
}

/** 503: the attachments' object store (server/files/s3Store.ts) failed; the cause is logged, not answered. */
export class FileStoreUnavailableError extends AppError {
  constructor(message: Message, options?: { cause?: unknown }) {
    super('file_store_unavailable', message, {}, options);
  }
}

/** 413: the request, or one of its texts, is over its limit (the message names the limit). */
export class PayloadTooLargeError extends AppError {
  constructor(message: Message, errors: FieldErrors = {}) {
    super('too_large', message, errors);
  }
}
