import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ValidationError as ObjectionValidationError } from 'objection';
import { CONSTRAINT_MESSAGES } from '../db/constraintMessages';
import { AppError } from '../errors';
import { describeProblem, summarise } from '../validation';

/**
 * The one place errors become responses: { message, code, errors }. Typed errors carry their
 * status; PostgreSQL's codes are translated; anything else is a 500 with an id to quote, and
 * its stack goes to the log only.
 */
interface PgLikeError {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  message?: string;
}

interface ErrorBody {
  status: number;
  message: string;
  code: string;
  errors: Record<string, string>;
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
    status: 400,
    code: 'validation_failed',
    message: fields.length ? summarise(errors) : err.message,
    errors,
  };
}

function columnFromDetail(detail: string | undefined): string | null {
  const match = detail?.match(/Key \(([^)]+)\)/);
  return match ? match[1].replace(/lower\(|\)/g, '') : null;
}

function fromPostgres(err: PgLikeError): ErrorBody | null {
  if (!err.code || !/^[0-9A-Z]{5}$/.test(err.code)) return null;
  const known = err.constraint ? CONSTRAINT_MESSAGES[err.constraint] : undefined;
  const errorsFor = (field: string | null | undefined, text: string) => (field ? { [field]: text } : {});
  switch (err.code) {
    case '23505': {
      const columns = columnFromDetail(err.detail);
      const message = known?.message ?? `A ${err.table ?? 'record'} with this ${columns ?? 'value'} already exists`;
      return { status: 409, code: 'duplicate', message, errors: errorsFor(known?.field ?? columns?.split(', ').pop(), 'already exists') };
    }
    case '23503': {
      if (known) return { status: 409, code: 'reference_rule', message: known.message, errors: errorsFor(known.field, 'does not match') };
      const referencing = err.detail?.match(/referenced from table "([^"]+)"/)?.[1];
      if (referencing) {
        return { status: 409, code: 'still_referenced', message: `This record is still referenced by ${referencing}; remove or archive those first`, errors: {} };
      }
      const column = columnFromDetail(err.detail);
      return { status: 409, code: 'missing_reference', message: `${column ?? 'A referenced record'} refers to a record that does not exist`, errors: errorsFor(column, 'no such record') };
    }
    case '23001': {
      // ON DELETE RESTRICT: the row is still referenced; the message names the referencing table.
      const referencing = err.message?.match(/on table "([^"]+)"\s*$/)?.[1] ?? err.table;
      return { status: 409, code: 'still_referenced', message: `This record is still referenced by ${referencing ?? 'other records'}; remove or archive those first`, errors: {} };
    }
    case '23502':
      return { status: 400, code: 'validation_failed', message: `${err.column ?? 'A field'} is required`, errors: errorsFor(err.column, 'is required') };
    case '23514': {
      const field = known?.field ?? (err.constraint && err.table ? err.constraint.replace(`${err.table}_`, '').replace(/_check$/, '') : null);
      return { status: 400, code: 'validation_failed', message: known?.message ?? `${field ?? 'A value'} breaks the rule ${err.constraint ?? ''}`.trim(), errors: errorsFor(field, known?.message ?? 'is not allowed') };
    }
    case '22001':
      return { status: 400, code: 'validation_failed', message: 'A value is too long', errors: errorsFor(err.column, 'is too long') };
    case '22003':
      return { status: 400, code: 'validation_failed', message: 'A number is out of range', errors: errorsFor(err.column, 'is out of range') };
    case '22P02':
    case '22007':
    case '22008':
      return { status: 400, code: 'validation_failed', message: 'A value has the wrong format', errors: {} };
    case '40001':
    case '40P01':
      return { status: 409, code: 'retry', message: 'Someone else changed this at the same moment; try again', errors: {} };
    case '57014':
      return { status: 503, code: 'timeout', message: 'The database took too long to answer; try a narrower request', errors: {} };
    default:
      return null;
  }
}

function describe(err: unknown): ErrorBody | null {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, errors: err.errors };
  if (err instanceof ObjectionValidationError) return fromObjectionValidation(err);
  const anyErr = err as { nativeError?: PgLikeError; type?: string; status?: number; expose?: boolean; message?: string };
  const pg = fromPostgres(anyErr?.nativeError ?? (err as PgLikeError));
  if (pg) return pg;
  if (anyErr?.type === 'entity.parse.failed') return { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON', errors: {} };
  if (anyErr?.type === 'entity.too.large') return { status: 413, code: 'too_large', message: 'The request body is too large', errors: {} };
  if (anyErr?.expose && typeof anyErr.status === 'number' && anyErr.status < 500) {
    return { status: anyErr.status, code: 'bad_request', message: anyErr.message ?? 'Bad request', errors: {} };
  }
  return null;
}

export function errorHandler(log: (line: string) => void = (line) => console.error(line)) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const body = describe(err);
    if (res.headersSent) {
      log(`error after the response started: ${String((err as Error)?.stack ?? err)}`);
      res.destroy();
      return;
    }
    if (body) {
      res.status(body.status).json({ message: body.message, code: body.code, errors: body.errors });
      return;
    }
    const errorId = crypto.randomBytes(6).toString('hex');
    log(`[${errorId}] ${String((err as Error)?.stack ?? err)}`);
    res.status(500).json({ message: `Something went wrong on our side (error ${errorId})`, code: 'internal', errors: {} });
  };
}
