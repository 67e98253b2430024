import { ConflictError, TimeoutError, ValidationError, type AppError, type FieldErrors } from '../errors';
import type { MessageKey } from '../../contract/messages';
import { Message, say } from '../messages';
import { CONSTRAINT_MESSAGES, RAISED_BY_TRIGGERS } from './constraintMessages';

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

function errorsFor(field: string | null | undefined, message: Message): FieldErrors {
  return field ? { [field]: message } : {};
}

/** The table named in PostgreSQL's words `… on table "x"` or `referenced from table "x"`. */
function tableIn(text: string | undefined, pattern: RegExp): string | undefined {
  return text?.match(pattern)?.[1];
}

function stillReferenced(records: string | undefined, cause: PgError): AppError {
  return new ConflictError(records ? say('record_still_used', { records }) : say('still_referenced'), {}, 'still_referenced', { cause });
}

/**
 * The constraint's own message (server/db/constraintMessages.ts); the generic one of the
 * refusal's kind for a constraint not listed there (the platform test lists every constraint of
 * the schema, so that is a constraint added since), never naming the constraint or its table.
 */
function translate(err: PgError): AppError | null {
  const known = err.constraint ? (CONSTRAINT_MESSAGES[err.constraint] ?? RAISED_BY_TRIGGERS[err.constraint]) : undefined;
  const cause = { cause: err };
  const fieldMessage = (fallback: MessageKey) => new Message(known?.fieldMessage ?? fallback);
  switch (err.code) {
    case PG_ERROR.UNIQUE_VIOLATION: {
      const field = known ? known.field : columnFromDetail(err.detail)?.split(', ').pop();
      return new ConflictError(new Message(known?.message ?? 'duplicate'), errorsFor(field, fieldMessage('field_taken')), 'duplicate', cause);
    }
    case PG_ERROR.FOREIGN_KEY_VIOLATION: {
      // A foreign key with a rule of its own (two columns that must belong together) says it either way.
      if (known && !known.records) return new ConflictError(new Message(known.message), errorsFor(known.field, fieldMessage('field_does_not_match')), 'reference_rule', cause);
      const referencing = tableIn(err.detail, /referenced from table "([^"]+)"/);
      if (referencing) return stillReferenced(known?.records ?? referencing, err);
      const field = known?.field ?? columnFromDetail(err.detail);
      return new ConflictError(say('record_missing'), errorsFor(field, fieldMessage('field_no_such_record')), 'missing_reference', cause);
    }
    case PG_ERROR.RESTRICT_VIOLATION:
      // a trigger refusing any change to a frozen record (report submissions) names its constraint;
      // a foreign key's ON DELETE RESTRICT names its own, which is no freeze
      if (err.constraint && RAISED_BY_TRIGGERS[err.constraint] && known) return new ConflictError(new Message(known.message), errorsFor(known.field, fieldMessage('field_cannot_change')), 'read_only', cause);
      // ON DELETE RESTRICT: the row is still referenced; the message names the referencing table.
      return stillReferenced(tableIn(err.message, /on table "([^"]+)"\s*$/) ?? err.table, err);
    case PG_ERROR.NOT_NULL_VIOLATION:
      return new ValidationError(say('required_missing'), errorsFor(err.column, say('field_required')), cause);
    case PG_ERROR.CHECK_VIOLATION:
      return new ValidationError(new Message(known?.message ?? 'rule_violated'), errorsFor(known?.field, fieldMessage('field_not_allowed')), cause);
    case PG_ERROR.STRING_DATA_RIGHT_TRUNCATION:
      return new ValidationError(say('value_too_long'), errorsFor(err.column, say('field_too_long')), cause);
    case PG_ERROR.NUMERIC_VALUE_OUT_OF_RANGE:
      return new ValidationError(say('number_out_of_range'), errorsFor(err.column, say('field_out_of_range')), cause);
    case PG_ERROR.INVALID_TEXT_REPRESENTATION:
    case PG_ERROR.INVALID_DATETIME_FORMAT:
    case PG_ERROR.DATETIME_FIELD_OVERFLOW:
      return new ValidationError(say('wrong_format'), {}, cause);
    case PG_ERROR.SERIALIZATION_FAILURE:
    case PG_ERROR.DEADLOCK_DETECTED:
      return new ConflictError(say('retry'), {}, 'retry', cause);
    case PG_ERROR.QUERY_CANCELED:
      return new TimeoutError(say('timeout'), cause);
    default:
      return null;
  }
}

/** The typed error for a PostgreSQL refusal; any other error as it is. */
export function translateDatabaseError(error: unknown): unknown {
  return (isPgError(error) && translate(error)) || error;
}
