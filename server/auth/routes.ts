import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { SignedInUser } from '../../contract/auth';
import { writeAudit } from '../audit';
import type { Config } from '../config';
import { TooManyRequestsError, UnauthenticatedError } from '../errors';
import { compileCheck } from '../validation';
import { clearSessionCookies, setSessionCookies } from './cookies';
import { authenticate, currentUser, sessionInfo } from './middleware';
import { verifyPassword } from './passwords';
import { openSession, revokeSession } from './sessions';
import { LOCKOUT_FAILURES, LOCKOUT_MINUTES, failureDelayMs, recentFailures, recordAttempt } from './throttle';

export interface AuthDeps {
  knex: Knex;
  clock: () => Date;
  config: Pick<Config, 'production' | 'sessionHours'>;
  sleep?: (ms: number) => Promise<void>;
}

const checkSignIn = compileCheck<{ email: string; password: string }>(
  {
    type: 'object',
    required: ['email', 'password'],
    properties: {
      email: { type: 'string', pattern: '\\S', 'x-message': 'Enter your email' },
      password: { type: 'string', minLength: 1, 'x-message': 'Enter your password' },
    },
  },
  () => 'Enter your email and password',
);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function clientIp(req: Request): string | null {
  return req.ip ?? null;
}

export function createAuthRouter(deps: AuthDeps): Router {
  const router = Router();
  const sleep = deps.sleep ?? defaultSleep;

  router.post('/login', async (req, res) => {
    const { email, password } = checkSignIn(req.body ?? {});
    const now = deps.clock();
    const emailLower = email.trim().toLowerCase();
    const failures = await recentFailures(deps.knex, emailLower, now);
    if (failures >= LOCKOUT_FAILURES) {
      await writeAudit(deps.knex, { user_id: null, action: 'login_refused', resource: 'auth', after: { email: emailLower }, ip: clientIp(req) });
      throw new TooManyRequestsError(`Too many failed sign-ins; try again in ${LOCKOUT_MINUTES} minutes`);
    }

    const user = await deps.knex('users').whereRaw('lower(email) = ?', [emailLower]).first();
    const ok = Boolean(user?.active) && (await verifyPassword(password, user?.password_hash));
    await recordAttempt(deps.knex, emailLower, clientIp(req), ok, now);
    if (!ok) {
      await writeAudit(deps.knex, { user_id: user?.id ?? null, action: 'login_failed', resource: 'auth', after: { email: emailLower }, ip: clientIp(req) });
      await sleep(failureDelayMs(failures + 1));
      throw new UnauthenticatedError('Wrong email or password');
    }

    const session = await deps.knex.transaction(async (trx) => {
      const opened = await openSession(trx, user.id, 'cookie', deps.config.sessionHours, now);
      await trx('users').where({ id: user.id }).update({ last_login_at: now });
      await writeAudit(trx, { user_id: user.id, action: 'login', resource: 'auth', record_id: user.id, ip: clientIp(req) });
      return opened;
    });
    setSessionCookies(res, session.token, session.csrfToken, session.expiresAt, deps.config.production);
    res.json({ token: session.token, expires_at: session.expiresAt.toISOString(), user: await describeUser(deps.knex, user.id) });
  });

  router.use(authenticate(deps));

  router.post('/logout', async (req, res) => {
    const user = currentUser(req);
    const sessionId = sessionInfo(req).sessionId;
    if (sessionId) await revokeSession(deps.knex, sessionId, deps.clock());
    await writeAudit(deps.knex, { user_id: user.id, action: 'logout', resource: 'auth', record_id: user.id, ip: clientIp(req) });
    clearSessionCookies(res);
    res.json({ ok: true });
  });

  router.get('/me', async (req, res) => {
    res.json(await describeUser(deps.knex, currentUser(req).id));
  });

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
    .where((q) => q.whereNull('a.ended_on').orWhere('a.ended_on', '>=', knex.raw('current_date')))
    .orderBy('p.name')
    .select('p.id', 'p.name');
  return { ...user, places };
}
