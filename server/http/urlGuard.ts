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

export function refuseMalformedUrls(req: Request, _res: Response, next: NextFunction) {
  const url = req.originalUrl;
  const queryStart = url.indexOf('?');
  decodePart(queryStart === -1 ? url : url.slice(0, queryStart), 'address');
  if (queryStart !== -1) {
    for (const pair of url.slice(queryStart + 1).split('&')) decodePart(pair, 'query string');
  }
  next();
}
