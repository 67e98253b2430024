import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth';
import { SESSION_COOKIE, readCookie } from './cookies';
import { findSessionUser, hashToken, type SessionUser } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

/**
 * Finds the session from the bearer token or the session cookie and sets req.user. Cookie
 * sessions must echo their CSRF token on writes (double submit); bearer tokens cannot be sent
 * by a browser on its own, so they need none.
 */
export function authenticate(deps: { knex: Knex; clock: () => Date }) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerToken(req);
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    if (!token) throw new UnauthenticatedError();
    const session = await findSessionUser(deps.knex, token, deps.clock());
    if (!session) throw new UnauthenticatedError('Your session has ended; sign in again');
    if (!bearer && !SAFE_METHODS.has(req.method)) checkCsrf(req, session);
    const { session_id: _id, session_kind: _kind, csrf_token_hash: _csrf, ...user } = session;
    req.user = user;
    sessionInfo(req).sessionId = session.session_id;
    next();
  };
}

function checkCsrf(req: Request, session: SessionUser) {
  const sent = req.get(CSRF_HEADER);
  if (typeof sent !== 'string' || !session.csrf_token_hash || hashToken(sent) !== session.csrf_token_hash) {
    throw new ForbiddenError(`Missing or wrong CSRF token: send the ${CSRF_COOKIE} cookie value in ${CSRF_HEADER}`);
  }
}

/** Per-request data that is not part of the user (the session id, for sign-out). */
export function sessionInfo(req: Request): { sessionId?: number } {
  const holder = req as Request & { sessionInfo?: { sessionId?: number } };
  holder.sessionInfo ??= {};
  return holder.sessionInfo;
}

export function currentUser(req: Request) {
  if (!req.user) throw new UnauthenticatedError();
  return req.user;
}
