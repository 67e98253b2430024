import type { NextFunction, Request, Response } from 'express';
import { say } from '../messages';
import { MalformedInputError, textProblem } from '../wellFormed';

/**
 * Refuses an address the routes could not read as sent, before any of them runs: a
 * percent-escape that is not UTF-8 (`%FF`, or `%ED%A0%BD`, an encoded surrogate) would make the
 * router's parameter decoding throw, and the query parser would silently turn it into U+FFFD; a
 * NUL (`%00`) reaches PostgreSQL, which refuses it.
 */
function decodePart(part: string, where: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new MalformedInputError(say('url_bad_escape', { where }), 'malformed_url');
  }
  const problem = textProblem(decoded);
  if (problem) throw new MalformedInputError(say('url_text_refused', { where, problem: problem.text }), 'malformed_url');
  return decoded;
}

/**
 * Whether the whole address decodes and is well formed, in one call: a percent-escape never spans
 * the `?` or an `&` (neither is ever part of one), so this holds exactly when every part below
 * does. Only an address that fails is read part by part, to say where.
 */
function wellFormed(url: string): boolean {
  try {
    return textProblem(decodeURIComponent(url.replace(/\+/g, ' '))) === null;
  } catch {
    return false;
  }
}

export function refuseMalformedUrls(req: Request, _res: Response, next: NextFunction) {
  const url = req.originalUrl;
  if (wellFormed(url)) return next();
  const queryStart = url.indexOf('?');
  decodePart(queryStart === -1 ? url : url.slice(0, queryStart), 'address');
  if (queryStart !== -1) {
    for (const pair of url.slice(queryStart + 1).split('&')) decodePart(pair, 'query string');
  }
  next();
}
