import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth';
import { isApiKeyToken, noteApiKeyUse } from './apiKeys';
import { SESSION_COOKIE, readCookie } from './cookies';
import { findCredential, findCredentialAhead, type Credential } from './credentials';
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
  /**
   * The requests that may read before their kept session is confirmed: the handler answers (or
   * writes) only after `confirmedUser(req)`, so the cache's catch-up round trip runs beside the
   * request's own statements instead of before them. Only GET requests, only sessions.
   */
  readAhead?: (req: Request) => boolean;
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
    const ahead = req.method === 'GET' && deps.readAhead?.(req) ? findCredentialAhead(deps.knex, deps.sessionCache ?? null, token, now) : null;
    if (ahead) {
      // settled by confirmedUser(req); a handler that fails before asking must not leave it unhandled
      ahead.confirmed.catch(() => undefined);
      req.user = ahead.kept.user;
      const info = sessionInfo(req);
      info.sessionId = ahead.kept.sessionId ?? undefined;
      info.confirmation = ahead.confirmed;
      next();
      return;
    }
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

interface SessionInfo {
  sessionId?: number;
  apiKeyId?: number;
  /** a request reading ahead (AuthenticateDeps.readAhead): its session as the database has it, on its way */
  confirmation?: Promise<Credential | null>;
}

/** Per-request data that is not part of the user: the session or API key it came with. */
export function sessionInfo(req: Request): SessionInfo {
  const holder = req as Request & { sessionInfo?: SessionInfo };
  holder.sessionInfo ??= {};
  return holder.sessionInfo;
}

/**
 * The request's user once its session is confirmed: at once, but for a request reading ahead,
 * which waits for its session's catch-up (and answers 401 if the session ended meanwhile). The
 * user may differ from the one read ahead with (a role or organisation changed a moment ago).
 */
export async function confirmedUser(req: Request): Promise<CurrentUser> {
  const info = sessionInfo(req);
  if (!info.confirmation) return currentUser(req);
  const credential = await info.confirmation;
  if (!credential) {
    req.user = undefined;
    throw new UnauthenticatedError(say('session_ended'));
  }
  req.user = credential.user;
  info.sessionId = credential.sessionId ?? undefined;
  return credential.user;
}

function sameUser(a: CurrentUser, b: CurrentUser): boolean {
  return a.id === b.id && a.role === b.role && a.organization_id === b.organization_id && a.email === b.email && a.full_name === b.full_name;
}

/**
 * `work` done for the request's user, started at once with the session kept by this instance
 * while a request reading ahead waits for its confirmation: its result, or what it failed
 * with, is handed back only once the session is confirmed (401 when it ended meanwhile), and
 * `work` runs again for a user changed meanwhile. `work` must not write: it may be done for a
 * user the session no longer has. Without reading ahead, `work` runs once, as `currentUser`.
 */
export async function readAheadOfConfirmation<T>(req: Request, work: (user: CurrentUser) => Promise<T>): Promise<{ user: CurrentUser; result: T }> {
  const kept = currentUser(req);
  const ahead = Promise.resolve().then(() => work(kept));
  // settled below, after the confirmation; a session that ended meanwhile leaves it unread
  ahead.catch(() => undefined);
  const user = await confirmedUser(req);
  return { user, result: sameUser(user, kept) ? await ahead : await work(user) };
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
