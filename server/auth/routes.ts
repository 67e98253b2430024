import type { Request, Router } from 'express';
import type { Knex } from 'knex';
import type { SignedInUser } from '../../contract/auth';
import { ROLES } from '../../contract/enums';
import { writeAudit } from '../audit';
import type { Config } from '../config';
import { clockOf } from '../db/clock';
import { today } from '../dates';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors';
import { describedRouter } from '../openapi/operations';
import { arrayOf, DATE_TIME, ID, json, nullable, object, OK, oneOf, STRING, type Schema } from '../openapi/schemas';
import { compileCheck } from '../validation';
import { createApiKeyRouter } from './apiKeyRoutes';
import { clearSessionCookies, setSessionCookies } from './cookies';
import { authenticate, currentUser, requireSession } from './middleware';
import { hashPassword, needsRehash, passwordProblem, prepareDummyHash, verifyPassword } from './passwords';
import type { SessionCache } from './sessionCache';
import { endUserSessions, openSession, revokeSession } from './sessions';
import { beginAttempt, markAttemptSucceeded, waitInWords, type AttemptVerdict } from './throttle';
import { say } from '../messages';

export interface AuthDeps {
  knex: Knex;
  clock: () => Date;
  config: Pick<Config, 'production' | 'sessionHours'>;
  sessionCache?: SessionCache | null;
}

const SIGN_IN_BODY = {
  type: 'object',
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', pattern: '\\S', 'x-message': say('enter_email') },
    password: { type: 'string', minLength: 1, 'x-message': say('enter_password') },
  },
};
const checkSignIn = compileCheck<{ email: string; password: string }>(SIGN_IN_BODY, () => say('enter_email_password'));

const PASSWORD_CHANGE_BODY = {
  type: 'object',
  required: ['current_password', 'new_password'],
  additionalProperties: false,
  properties: {
    current_password: { type: 'string', minLength: 1, 'x-message': say('enter_current_password') },
    new_password: { type: 'string', 'x-message': say('enter_new_password') },
  },
};
const checkPasswordChange = compileCheck<{ current_password: string; new_password: string }>(PASSWORD_CHANGE_BODY);

/** contract/auth.ts `SignedInUser`. */
const SIGNED_IN_USER: Schema = object({
  id: ID,
  email: STRING,
  full_name: STRING,
  role: oneOf(ROLES),
  organization_id: nullable(ID),
  organization_name: nullable(STRING),
  last_login_at: nullable(DATE_TIME),
  places: arrayOf(object({ id: ID, name: STRING })),
});
const SESSION_ONLY = 'A session, not an API key (403 for a key)';

function clientIp(req: Request): string | null {
  return req.ip ?? null;
}

/** The same words whether or not the email has an account (server/auth/throttle.ts). */
function refusal(verdict: Extract<AttemptVerdict, { allowed: false }>): TooManyRequestsError {
  const wait = waitInWords(verdict.retryAfterSeconds);
  const message = verdict.limit === 'account' ? say('sign_in_throttled_email', { wait }) : say('sign_in_throttled_address', { wait });
  return new TooManyRequestsError(message, verdict.retryAfterSeconds);
}

/** Counts a password check against the throttle, or refuses it with 429 and Retry-After. */
async function admitAttempt(deps: AuthDeps, req: Request, emailLower: string, userId: number | null): Promise<number> {
  const verdict = await beginAttempt(deps.knex, emailLower, clientIp(req), deps.clock());
  if (verdict.allowed) return verdict.attemptId;
  await writeAudit(deps.knex, { user_id: userId, action: 'login_refused', resource: 'auth', after: { email: emailLower, limit: verdict.limit }, ip: clientIp(req) });
  throw refusal(verdict);
}

export function createAuthRouter(deps: AuthDeps): Router {
  const routes = describedRouter({ tag: 'auth' });
  const router = routes.router;
  prepareDummyHash();

  const signIn = {
    summary: 'Sign in: a bearer token, and the session and CSRF cookies',
    public: true,
    body: SIGN_IN_BODY,
    responses: { 200: json('The session', object({ token: STRING, expires_at: DATE_TIME, user: SIGNED_IN_USER })) },
    errors: [401, 429],
  };
  routes.post('/login', signIn, async (req, res) => {
    const { email, password } = checkSignIn(req.body ?? {});
    const emailLower = email.trim().toLowerCase();
    const attemptId = await admitAttempt(deps, req, emailLower, null);
    const user = await deps.knex('users').whereRaw('lower(email) = ?', [emailLower]).first();
    // Checked even for an inactive or unknown account, so the refusal takes the same time.
    const ok = (await verifyPassword(password, user?.password_hash)) && Boolean(user?.active);
    if (!ok) {
      await writeAudit(deps.knex, { user_id: user?.id ?? null, action: 'login_failed', resource: 'auth', after: { email: emailLower }, ip: clientIp(req) });
      throw new UnauthenticatedError(say('wrong_credentials'));
    }

    const now = deps.clock();
    const rehashed = needsRehash(user.password_hash) ? await hashPassword(password) : null;
    const session = await deps.knex.transaction(async (trx) => {
      await markAttemptSucceeded(trx, attemptId, now);
      const opened = await openSession(trx, user.id, 'cookie', deps.config.sessionHours, now);
      await trx('users').where({ id: user.id }).update({ last_login_at: now, ...(rehashed ? { password_hash: rehashed } : {}) });
      await writeAudit(trx, { user_id: user.id, action: 'login', resource: 'auth', record_id: user.id, ip: clientIp(req) });
      return opened;
    });
    setSessionCookies(res, session.token, session.csrfToken, session.expiresAt, deps.config.production);
    res.json({ token: session.token, expires_at: session.expiresAt.toISOString(), user: await describeUser(deps.knex, user.id) });
  });

  router.use(authenticate(deps));

  routes.post('/logout', { summary: `Sign out: ends this session on every instance. ${SESSION_ONLY}`, responses: { 200: json('Signed out', OK) } }, async (req, res) => {
    const user = currentUser(req);
    const sessionId = requireSession(req, say('api_key_no_sign_out'));
    await revokeSession(deps.knex, sessionId, deps.clock());
    await writeAudit(deps.knex, { user_id: user.id, action: 'logout', resource: 'auth', record_id: user.id, ip: clientIp(req) });
    clearSessionCookies(res);
    res.json({ ok: true });
  });

  /** Changing one's own password ends every other session of the user; this one goes on. */
  const passwordChange = {
    summary: `Change one's own password; ends the user's other sessions. ${SESSION_ONLY}`,
    body: PASSWORD_CHANGE_BODY,
    responses: { 200: json('Changed', OK) },
    errors: [429],
  };
  routes.post('/password', passwordChange, async (req, res) => {
    const user = currentUser(req);
    const sessionId = requireSession(req, say('api_key_no_password'));
    const { current_password: current, new_password: next } = checkPasswordChange(req.body ?? {});
    const problem = passwordProblem(next);
    if (problem) throw new ValidationError(problem, { new_password: problem });

    const attemptId = await admitAttempt(deps, req, user.email.toLowerCase(), user.id);
    const row = await deps.knex('users').where({ id: user.id }).first('password_hash');
    if (!(await verifyPassword(current, row?.password_hash))) {
      await writeAudit(deps.knex, { user_id: user.id, action: 'password_change_failed', resource: 'auth', record_id: user.id, ip: clientIp(req) });
      // 400, not 401: the session is fine, only the password typed is wrong
      throw new ValidationError(say('wrong_current_password'), { current_password: say('field_wrong_password') });
    }
    const hash = await hashPassword(next);
    const now = deps.clock();
    await deps.knex.transaction(async (trx) => {
      await markAttemptSucceeded(trx, attemptId, now);
      await trx('users').where({ id: user.id }).update({ password_hash: hash, updated_at: now });
      await endUserSessions(trx, user.id, now, sessionId);
      await writeAudit(trx, { user_id: user.id, action: 'password_changed', resource: 'auth', record_id: user.id, ip: clientIp(req) });
    });
    res.json({ ok: true });
  });

  routes.get('/me', { summary: 'The signed-in user', responses: { 200: json('The user', SIGNED_IN_USER) } }, async (req, res) => {
    res.json(await describeUser(deps.knex, currentUser(req).id));
  });

  routes.mount('/api_keys', createApiKeyRouter(deps));

  return router;
}

export async function describeUser(knex: Knex, userId: number): Promise<SignedInUser> {
  const user = await knex('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .where('u.id', userId)
    .first('u.id', 'u.email', 'u.full_name', 'u.role', 'u.organization_id', 'o.name as organization_name', 'u.last_login_at');
  const places = await knex('place_assignments as a')
    .join('places_of_service as p', 'p.id', 'a.place_of_service_id')
    .where('a.user_id', userId)
    .where((q) => q.whereNull('a.ended_on').orWhere('a.ended_on', '>=', today(clockOf(knex))))
    .orderBy('p.name')
    .select('p.id', 'p.name');
  return { ...user, places };
}
