import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth';
import { isApiKeyToken, noteApiKeyUse } from './apiKeys';
import { SESSION_COOKIE, readCookie } from './cookies';
import { findCredential, type Credential } from './credentials';
import type { SessionCache } from './sessionCache';
import { hashToken } from './sessions';
import { say, type Message } from '../messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

export interface AuthenticateDeps {
  knex: Knex;
  clock: () => Date;
  /** this instance's session cache (server/auth/sessionCache.ts); without one every request asks the database */
  sessionCache?: SessionCache | null;
}

/**
 * Finds the session or API key from the bearer token or the session cookie and sets req.user.
 * Cookie sessions must echo their CSRF token on writes (double submit); bearer tokens cannot be
 * sent by a browser on its own, so they need none. API keys are accepted only as bearer tokens.
 */
export function authenticate(deps: AuthenticateDeps) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerToken(req);
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    if (!token) throw new UnauthenticatedError();
    const now = deps.clock();
    const apiKey = isApiKeyToken(token);
    const credential = apiKey && !bearer ? null : await findCredential(deps.knex, deps.sessionCache ?? null, token, now);
    if (!credential) {
      throw new UnauthenticatedError(apiKey ? say('api_key_refused') : say('session_ended'));
    }
    if (!bearer && !SAFE_METHODS.has(req.method)) checkCsrf(req, credential);
    if (credential.kind === 'api_key') await noteApiKeyUse(deps.knex, credential, now);
    req.user = credential.user;
    const info = sessionInfo(req);
    info.sessionId = credential.sessionId ?? undefined;
    info.apiKeyId = credential.apiKeyId ?? undefined;
    next();
  };
}

function checkCsrf(req: Request, credential: Credential) {
  const sent = req.get(CSRF_HEADER);
  if (typeof sent !== 'string' || !credential.csrfTokenHash || hashToken(sent) !== credential.csrfTokenHash) {
    throw new ForbiddenError(say('csrf_refused', { cookie: CSRF_COOKIE, header: CSRF_HEADER }));
  }
}

/** Per-request data that is not part of the user: the session or API key it came with. */
export function sessionInfo(req: Request): { sessionId?: number; apiKeyId?: number } {
  const holder = req as Request & { sessionInfo?: { sessionId?: number; apiKeyId?: number } };
  holder.sessionInfo ??= {};
  return holder.sessionInfo;
}

/** What only a person signed in may do (make keys, change the password, sign out): never an API key. */
export function requireSession(req: Request, refusal: Message): number {
  const { sessionId } = sessionInfo(req);
  if (sessionId === undefined) throw new ForbiddenError(refusal);
  return sessionId;
}

export function currentUser(req: Request) {
  if (!req.user) throw new UnauthenticatedError();
  return req.user;
}
