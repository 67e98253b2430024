import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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

function outcome(req: IncomingMessage, res: ServerResponse, value: object) {
  const request = req as Request;
  return { ...value, route: routeOf(request), status: res.writableFinished ? res.statusCode : CLIENT_CLOSED, user_id: request.user?.id ?? null };
}

export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    genReqId: (req, res) => {
      const sent = req.headers['x-request-id'];
      const id = typeof sent === 'string' && INCOMING_ID.test(sent) ? sent : crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: Request) => ({ id: req.id, method: req.method, path: req.originalUrl.split('?')[0] }),
      res: () => undefined,
    },
    customAttributeKeys: { responseTime: 'duration_ms' },
    customSuccessObject: outcome,
    customErrorObject: (req, res, _error, value) => outcome(req, res, value),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  }) as unknown as RequestHandler;
}
