/**
 * Whether an error means PostgreSQL could not be reached or went away (as opposed to refusing
 * a query): the caller should answer 503 and try again later. Knex puts the SQL in front of the
 * driver's message and Objection wraps the driver's error in `nativeError`, so both are looked at.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE 08xxx connection exceptions; 57P01-03: shut down, crashed, starting up or recovering; 53300: no connection slot left. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres's own messages for a socket that closed under it, or a client it gave up on. */
const LOST_CONNECTION = /Connection terminated|is not queryable|Connection ended unexpectedly/;

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  nativeError?: unknown;
  cause?: unknown;
}

function matches(error: ErrorLike): boolean {
  if (typeof error.code === 'string' && (SOCKET_CODES.has(error.code) || UNAVAILABLE_SQLSTATE.test(error.code))) return true;
  // knex gives up waiting for a free or new connection (acquireConnectionTimeout).
  if (error.name === 'KnexTimeoutError') return true;
  return typeof error.message === 'string' && LOST_CONNECTION.test(error.message);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as ErrorLike | undefined, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    if (matches(current)) return true;
    current = (current.nativeError ?? current.cause) as ErrorLike | undefined;
  }
  return false;
}
