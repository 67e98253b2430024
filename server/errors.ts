/**
 * The few typed errors the server throws. One error middleware (server/http/errorHandler.ts)
 * turns them into react-admin's shape: { message, code, errors }.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldErrors = {},
  ) {
    super(message);
  }
}

/** 400: the request itself is malformed (bad JSON, unknown filter, bad field value). */
export class ValidationError extends AppError {
  constructor(message: string, errors: FieldErrors = {}) {
    super(400, 'validation_failed', message, errors);
  }
}

/** 401: no valid session. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(401, 'unauthenticated', message);
  }
}

/** 403: the caller's role may not do this action at all. */
export class ForbiddenError extends AppError {
  constructor(message = 'Your role may not do this') {
    super(403, 'forbidden', message);
  }
}

/** 404: missing, or outside the caller's scope (never reveal which). */
export class NotFoundError extends AppError {
  constructor(message = 'Not found', errors: FieldErrors = {}) {
    super(404, 'not_found', message, errors);
  }
}

/** 409: stale version, unique key, still referenced, wrong state, read-only record. */
export class ConflictError extends AppError {
  constructor(message: string, errors: FieldErrors = {}, code = 'conflict') {
    super(409, code, message, errors);
  }
}

/** 422: a business rule of DOMAIN.md refuses the change. */
export class RuleError extends AppError {
  constructor(message: string, errors: FieldErrors = {}) {
    super(422, 'rule_violated', message, errors);
  }
}

/** 429: too many attempts (sign-in lock-out). */
export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(429, 'too_many_requests', message);
  }
}

/** 413: the request, or one of its texts, is over its limit (the message names the limit). */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, errors: FieldErrors = {}) {
    super(413, 'too_large', message, errors);
  }
}
