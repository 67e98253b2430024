import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ValidationError as ObjectionValidationError } from 'objection';
import { isDatabaseUnavailable } from '../db/connectionErrors';
import { AppError, DatabaseUnavailableError, ERROR_CODES, StaleVersionError, TooManyRequestsError, type ErrorCode } from '../errors';
import { describeProblem, summarise } from '../validation';

/**
 * The one place errors become responses: { message, code, errors }. Typed errors carry their
 * status (the database layer already turned PostgreSQL's refusals into typed errors,
 * server/db/errors.ts); Objection's validation and the body parser's errors are mapped here;
 * anything else is a 500 with an id to quote, and its stack goes to the log only.
 */
interface ErrorBody {
  status: number;
  message: string;
  code: ErrorCode;
  errors: Record<string, string>;
  /** what more the client needs to act on it (a stale write: who changed the record and when) */
  detail?: unknown;
}


function fromObjectionValidation(err: ObjectionValidationError): ErrorBody {
  const errors: Record<string, string> = {};
  const data = (err.data ?? {}) as Record<string, { message?: string; keyword?: string; params?: Record<string, unknown> }[]>;
  for (const [rawField, problems] of Object.entries(data)) {
    const field = rawField.replace(/^\./, '').split(/[.[]/)[0] || rawField;
    const problem = problems?.[0];
    if (!problem) continue;
    errors[field] = describeProblem(problem.keyword, problem.params, problem.message);
  }
  const fields = Object.keys(errors);
  return {
    status: ERROR_CODES.validation_failed.status,
    code: 'validation_failed',
    message: fields.length ? summarise(errors) : err.message,
    errors,
  };
}

function bodyOf(code: ErrorCode, message: string): ErrorBody {
  return { status: ERROR_CODES[code].status, code, message, errors: {} };
}

function describe(err: unknown): ErrorBody | null {
  if (err instanceof StaleVersionError) return { status: err.status, code: err.code, message: err.message, errors: err.errors, detail: err.detail };
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, errors: err.errors };
  if (err instanceof ObjectionValidationError) return fromObjectionValidation(err);
  const anyErr = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (anyErr?.type === 'entity.parse.failed') return bodyOf('malformed_json', 'The request body is not valid JSON');
  if (anyErr?.type === 'entity.too.large') return bodyOf('too_large', 'The request body is too large');
  if (anyErr?.type === 'encoding.unsupported' || anyErr?.type === 'charset.unsupported') {
    return bodyOf('unsupported_encoding', anyErr.message ?? 'The request body is in an encoding the server does not read');
  }
  // The router marks a URL parameter it cannot decode (a malformed % escape) 400 without `expose`.
  if ((anyErr?.expose || err instanceof URIError) && typeof anyErr.status === 'number' && anyErr.status < 500) {
    return bodyOf('bad_request', anyErr.message ?? 'Bad request');
  }
  return null;
}

export function errorHandler(log: (line: string) => void = (line) => console.error(line)) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // PostgreSQL crashed, restarts or cannot be reached: the request may succeed in a moment.
    const unavailable = err instanceof DatabaseUnavailableError ? err : isDatabaseUnavailable(err) ? new DatabaseUnavailableError() : null;
    const answered = unavailable ?? err;
    const retryAfter = answered instanceof DatabaseUnavailableError || answered instanceof TooManyRequestsError ? answered.retryAfterSeconds : null;
    if (retryAfter !== null && !res.headersSent) res.set('Retry-After', String(retryAfter));
    const body = describe(answered);
    if (res.headersSent) {
      log(`error after the response started: ${String((err as Error)?.stack ?? err)}`);
      res.destroy();
      return;
    }
    if (body) {
      res.status(body.status).json({ message: body.message, code: body.code, errors: body.errors, ...(body.detail === undefined ? {} : { detail: body.detail }) });
      return;
    }
    // The request's id (server/http/requestLog.ts): its log line carries this error and its stack.
    const errorId = String(req.id ?? crypto.randomUUID());
    res.err = err instanceof Error ? err : new Error(String(err));
    res.status(500).json({ message: 'Something went wrong on our side; quote the error id if you report it', code: 'internal', errors: {}, error_id: errorId });
  };
}
