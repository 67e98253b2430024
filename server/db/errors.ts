import { ConflictError, TimeoutError, ValidationError, type AppError, type FieldErrors } from '../errors';
import { CONSTRAINT_MESSAGES } from './constraintMessages';

/**
 * PostgreSQL's refusals as the server's typed errors. Every query of a knex made by createKnex
 * goes through `translateDatabaseError` (server/db/knex.ts), so a job, a script and an HTTP
 * request hitting the same constraint get the same clear error; the original stays its
 * `cause`, for the log. Codes not listed here (a syntax error, a lost connection) are faults
 * and pass through unchanged.
 */

/** The SQLSTATE codes translated here, by their names in PostgreSQL's Appendix A. */
const PG_ERROR = {
  RESTRICT_VIOLATION: '23001',
  NOT_NULL_VIOLATION: '23502',
  FOREIGN_KEY_VIOLATION: '23503',
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  STRING_DATA_RIGHT_TRUNCATION: '22001',
  NUMERIC_VALUE_OUT_OF_RANGE: '22003',
  INVALID_DATETIME_FORMAT: '22007',
  DATETIME_FIELD_OVERFLOW: '22008',
  INVALID_TEXT_REPRESENTATION: '22P02',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  QUERY_CANCELED: '57014',
} as const;

/** The fields of node-postgres' DatabaseError that the translation reads. */
interface PgError {
  code: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  message?: string;
}

function isPgError(error: unknown): error is PgError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

function columnFromDetail(detail: string | undefined): string | null {
  const match = detail?.match(/Key \(([^)]+)\)/);
  return match ? match[1].replace(/lower\(|\)/g, '') : null;
}

function errorsFor(field: string | null | undefined, text: string): FieldErrors {
  return field ? { [field]: text } : {};
}

function stillReferenced(referencing: string | undefined, cause: PgError): AppError {
  return new ConflictError(`This record is still referenced by ${referencing ?? 'other records'}; remove or archive those first`, {}, 'still_referenced', { cause });
}

function translate(err: PgError): AppError | null {
  const known = err.constraint ? CONSTRAINT_MESSAGES[err.constraint] : undefined;
  const cause = { cause: err };
  switch (err.code) {
    case PG_ERROR.UNIQUE_VIOLATION: {
      const columns = columnFromDetail(err.detail);
      const message = known?.message ?? `A ${err.table ?? 'record'} with this ${columns ?? 'value'} already exists`;
      return new ConflictError(message, errorsFor(known?.field ?? columns?.split(', ').pop(), 'already exists'), 'duplicate', cause);
    }
    case PG_ERROR.FOREIGN_KEY_VIOLATION: {
      if (known) return new ConflictError(known.message, errorsFor(known.field, 'does not match'), 'reference_rule', cause);
      const referencing = err.detail?.match(/referenced from table "([^"]+)"/)?.[1];
      if (referencing) return stillReferenced(referencing, err);
      const column = columnFromDetail(err.detail);
      return new ConflictError(`${column ?? 'A referenced record'} refers to a record that does not exist`, errorsFor(column, 'no such record'), 'missing_reference', cause);
    }
    case PG_ERROR.RESTRICT_VIOLATION:
      // a trigger refusing any change to a frozen record (report submissions) names its constraint
      if (known) return new ConflictError(known.message, errorsFor(known.field, 'cannot change'), 'read_only', cause);
      // ON DELETE RESTRICT: the row is still referenced; the message names the referencing table.
      return stillReferenced(err.message?.match(/on table "([^"]+)"\s*$/)?.[1] ?? err.table, err);
    case PG_ERROR.NOT_NULL_VIOLATION:
      return new ValidationError(`${err.column ?? 'A field'} is required`, errorsFor(err.column, 'is required'), cause);
    case PG_ERROR.CHECK_VIOLATION: {
      const field = known?.field ?? (err.constraint && err.table ? err.constraint.replace(`${err.table}_`, '').replace(/_check$/, '') : null);
      const message = known?.message ?? `${field ?? 'A value'} breaks the rule ${err.constraint ?? ''}`.trim();
      return new ValidationError(message, errorsFor(field, known?.message ?? 'is not allowed'), cause);
    }
    case PG_ERROR.STRING_DATA_RIGHT_TRUNCATION:
      return new ValidationError('A value is too long', errorsFor(err.column, 'is too long'), cause);
    case PG_ERROR.NUMERIC_VALUE_OUT_OF_RANGE:
      return new ValidationError('A number is out of range', errorsFor(err.column, 'is out of range'), cause);
    case PG_ERROR.INVALID_TEXT_REPRESENTATION:
    case PG_ERROR.INVALID_DATETIME_FORMAT:
    case PG_ERROR.DATETIME_FIELD_OVERFLOW:
      return new ValidationError('A value has the wrong format', {}, cause);
    case PG_ERROR.SERIALIZATION_FAILURE:
    case PG_ERROR.DEADLOCK_DETECTED:
      return new ConflictError('Someone else changed this at the same moment; try again', {}, 'retry', cause);
    case PG_ERROR.QUERY_CANCELED:
      return new TimeoutError('The database took too long to answer; try a narrower request', cause);
    default:
      return null;
  }
}

/** The typed error for a PostgreSQL refusal; any other error as it is. */
export function translateDatabaseError(error: unknown): unknown {
  return (isPgError(error) && translate(error)) || error;
}
