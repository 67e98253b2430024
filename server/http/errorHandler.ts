import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ValidationError as ObjectionValidationError } from 'objection';
import { StatementAbandonedError } from '../db/cancellation';
import { isDatabaseUnavailable } from '../db/connectionErrors';
import type { CodedMessage } from '../../contract/messages';
import { AppError, DatabaseUnavailableError, StaleVersionError, TooManyRequestsError, ValidationError, type ErrorCode } from '../errors';
import { Message, say } from '../messages';
import { modelFieldErrors, summarise } from '../validation';

/**
 * The one place errors become responses: { message, code, errors } and the same by message code
 * (`message_code`, `params`, `field_codes`: contract/messages.ts). Typed errors carry their
 * status (the database layer already turned PostgreSQL's refusals into typed errors,
 * server/db/errors.ts); Objection's validation and the body parser's errors are mapped here;
 * anything else is a 500 with an id to quote, and its stack goes to the log only.
 */
interface ErrorBody {
  status: number;
  message: string;
  code: ErrorCode;
  errors: Record<string, string>;
  coded: CodedMessage;
  fieldCodes: Record<string, CodedMessage>;
  /** what more the client needs to act on it (a stale write: who changed the record and when) */
  detail?: unknown;
}

function fromAppError(err: AppError): ErrorBody {
  const body: ErrorBody = { status: err.status, code: err.code, message: err.message, errors: err.errors, coded: err.coded, fieldCodes: err.fieldCodes };
  return err instanceof StaleVersionError ? { ...body, detail: err.detail } : body;
}

function fromObjectionValidation(err: ObjectionValidationError): ErrorBody {
  const errors = modelFieldErrors(err);
  return fromAppError(new ValidationError(Object.keys(errors).length ? summarise(errors) : say('validation_failed'), errors));
}

function bodyOf(code: ErrorCode, message: Message = new Message(code)): ErrorBody {
  return fromAppError(new AppError(code, message));
}

/** The answer an error gets, or null for a fault of the server (a 500). */
export function describeError(err: unknown): ErrorBody | null {
  if (err instanceof AppError) return fromAppError(err);
  if (err instanceof ObjectionValidationError) return fromObjectionValidation(err);
  const anyErr = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (anyErr?.type === 'entity.parse.failed') return bodyOf('malformed_json');
  if (anyErr?.type === 'entity.too.large') return bodyOf('too_large');
  if (anyErr?.type === 'encoding.unsupported' || anyErr?.type === 'charset.unsupported') {
    return bodyOf('unsupported_encoding', anyErr.message ? say('unsupported_encoding_detail', { detail: anyErr.message }) : undefined);
  }
  // The router marks a URL parameter it cannot decode (a malformed % escape) 400 without `expose`.
  if ((anyErr?.expose || err instanceof URIError) && typeof anyErr.status === 'number' && anyErr.status < 500) {
    return bodyOf('bad_request', anyErr.message ? say('bad_request_detail', { detail: anyErr.message }) : undefined);
  }
  return null;
}

export function errorHandler(log: (line: string) => void = (line) => console.error(line)) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The client went away before the answer (server/http/cancelOnClose.ts): nobody to answer, no fault.
    if (err instanceof StatementAbandonedError) {
      res.destroy();
      return;
    }
    // PostgreSQL crashed, restarts or cannot be reached: the request may succeed in a moment.
    const unavailable = err instanceof DatabaseUnavailableError ? err : isDatabaseUnavailable(err) ? new DatabaseUnavailableError() : null;
    const answered = unavailable ?? err;
    const retryAfter = answered instanceof DatabaseUnavailableError || answered instanceof TooManyRequestsError ? answered.retryAfterSeconds : null;
    if (retryAfter !== null && !res.headersSent) res.set('Retry-After', String(retryAfter));
    const body = describeError(answered);
    if (res.headersSent) {
      log(`error after the response started: ${String((err as Error)?.stack ?? err)}`);
      res.destroy();
      return;
    }
    if (body) {
      res.status(body.status).json({
        message: body.message,
        code: body.code,
        errors: body.errors,
        ...body.coded,
        field_codes: body.fieldCodes,
        ...(body.detail === undefined ? {} : { detail: body.detail }),
      });
      return;
    }
    // The request's id (server/http/requestLog.ts): its log line carries this error and its stack.
    const errorId = String(req.id ?? crypto.randomUUID());
    res.err = err instanceof Error ? err : new Error(String(err));
    const internal = new Message('internal');
    res.status(500).json({ message: internal.text, code: 'internal', errors: {}, message_code: internal.key, params: {}, field_codes: {}, error_id: errorId });
  };
}
