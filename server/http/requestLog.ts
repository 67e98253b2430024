import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One log line per request when it ends: its id, method, path, matched route, status, duration
 * and the signed-in user's id. The query string (searches, filters on names), headers (tokens,
 * cookies) and bodies are never logged. The id is sent back as `X-Request-Id` and is the
 * `error_id` of a 500 (server/http/errorHandler.ts), so a user can quote it.
 */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The route pattern that answered, with the prefixes of the routers above it: a route's own path
 * (`/:resource/:id`) matches the last segments of the address, the rest is where it is mounted.
 */
function routeOf(req: Request): string | null {
  const path = req.route?.path;
  if (typeof path !== 'string') return null;
  if (path.includes('*')) return path;
  const own = path.split('/').filter(Boolean).length;
  const segments = req.originalUrl.split('?')[0].split('/').filter(Boolean);
  return `/${[...segments.slice(0, segments.length - own), ...path.split('/').filter(Boolean)].join('/')}`;
}

/** What a request closed by its client before the answer ended is logged with (nginx's "client closed request"). */
const CLIENT_CLOSED = 499;

/** What a request's line is made of, kept on its answer until it ends. */
interface Pending {
  logger: Logger;
  req: Request;
  id: string;
  started: number;
}

const PENDING = Symbol('request log');
type Logged = Response & { [PENDING]?: Pending };

/**
 * The request's line, at the first of `finish` (answered) and `close` (answered, or the client
 * went away first). One function for every request, its state on the answer: a closure made
 * for each request was measurable at hundreds of requests a second.
 */
function ended(this: Logged) {
  const pending = this[PENDING];
  if (!pending) return;
  this[PENDING] = undefined;
  this.removeListener('close', ended);
  this.removeListener('finish', ended);
  const { logger, req, id, started } = pending;
  const finished = this.writableFinished;
  const line = {
    req: { id, method: req.method, path: req.originalUrl.split('?')[0] },
    duration_ms: Date.now() - started,
    route: routeOf(req),
    status: finished ? this.statusCode : CLIENT_CLOSED,
    user_id: req.user?.id ?? null,
  };
  // an error a streamed answer ended with (imports.ts) is an error whatever its status
  const error = this.err;
  if (error || this.statusCode >= 500) logger.error({ ...line, err: error ?? new Error(`failed with status code ${this.statusCode}`) }, 'request errored');
  else logger.info(line, !req.readableAborted && this.writableEnded ? 'request completed' : 'request aborted');
}

/**
 * The line is written here rather than by pino-http: its per-request child logger (the request
 * serialised and redacted into bindings before anything is logged) and its listeners were a few
 * per cent of a list request's CPU at 20 connections (bench/README.md); the line is the same.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const sent = req.headers['x-request-id'];
    const id = typeof sent === 'string' && INCOMING_ID.test(sent) ? sent : crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    (res as Logged)[PENDING] = { logger, req, id, started };
    res.on('close', ended);
    res.on('finish', ended);
    next();
  };
}
