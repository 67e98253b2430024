import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { PayloadTooLargeError } from '../errors';
import { largeTextRequestLimit } from '../resources/largeText';
import type { ResourceDeclaration } from '../resources/types';
import { MalformedInputError, checkJsonValue } from '../wellFormed';
import { say } from '../messages';

/**
 * JSON request bodies, with a limit chosen per route: small everywhere, large only on the
 * records of a resource declaring a large text field (a daily log entry). A body must be UTF-8
 * as sent (an invalid byte is refused rather than read as U+FFFD) and well formed once parsed
 * (server/wellFormed.ts).
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number, what: string) {
  return new PayloadTooLargeError(say('body_too_large', { limit: limit / (1024 * 1024), what }));
}

function refuseInvalidUtf8(_req: Request, _res: Response, raw: Buffer, encoding: string) {
  if (encoding.toLowerCase().replace('-', '') === 'utf8' && !isUtf8(raw)) {
    throw new MalformedInputError(say('body_not_utf8'), 'malformed_json');
  }
}

function parser(limit: number, what: string): RequestHandler {
  const parse = express.json({ limit, verify: refuseInvalidUtf8 });
  return (req, res, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') return next(tooLarge(limit, what));
      if (err) return next(err);
      try {
        if (req.body !== undefined) checkJsonValue(req.body, 'the request body');
      } catch (problem) {
        return next(problem);
      }
      next();
    });
}

export function jsonBodies(resources: readonly ResourceDeclaration[]): RequestHandler {
  const standard = parser(DEFAULT_BODY_LIMIT, 'this address');
  const large = new Map<string, RequestHandler>();
  for (const declaration of resources) {
    const limit = largeTextRequestLimit(declaration);
    if (limit) large.set(declaration.name, parser(limit, `a ${declaration.name} record`));
  }
  return (req, res, next) => {
    // A request without a body (most GETs) passes as body-parser would let it (type-is's
    // `hasBody`), without the parser's calls for it.
    if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) {
      if (!('body' in (req as object))) req.body = undefined;
      return next();
    }
    // Only a record's create and update take a large body: /<name> and /<name>/<id>.
    const [, name, id, extra] = req.path.split('/');
    const largeParser = large.get(name);
    const recordWrite = extra === undefined && (req.method === 'POST' ? id === undefined : req.method === 'PUT' && Boolean(id));
    return (largeParser && recordWrite ? largeParser : standard)(req, res, next);
  };
}
