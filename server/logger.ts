import pino, { type Logger } from 'pino';

/**
 * The server's structured log: JSON lines on standard output. What a line may carry is chosen
 * where it is written (server/http/requestLog.ts logs a request's method, route, status,
 * duration, user and id, never its query, headers or body); the redaction below is the second
 * line of defence, should anything log a body, a password, a token or a search anyway.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REDACTED = [
  'body', '*.body', 'password', '*.password', 'token', '*.token', 'q', '*.q', 'query', '*.query',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', '*.headers["set-cookie"]',
];

/** An error as a log line shows it: what and where, not its attached data (a PostgreSQL error's detail quotes values). */
function serializeError(err: Error & { code?: unknown }) {
  return { type: err.constructor?.name ?? 'Error', message: err.message, code: err.code, stack: err.stack };
}

/**
 * Standard output, written asynchronously: a line is handed to a write on libuv's thread pool and
 * the lines logged while that write is under way go out together in the next one, instead of a
 * synchronous write(2) per request on the event loop (a tenth of the server's time per list
 * request at 20 connections, bench/README.md). pino flushes what is left synchronously when the
 * process exits; only a SIGKILL can lose the lines of the last write in flight.
 */
function standardOutput(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED, censor: '[redacted]' }, serializers: { err: serializeError } }, destination ?? standardOutput());
}
