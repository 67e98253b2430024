import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../../contract/enums';
import type { CurrentUser } from '../access/roles';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Tokens are stored only as SHA-256 hashes: a leaked sessions table opens no session. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function openSession(
  db: Knex | Knex.Transaction,
  userId: number,
  kind: 'cookie' | 'bearer',
  hours: number,
  now: Date,
): Promise<OpenedSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await db('sessions').insert({
    user_id: userId,
    token_hash: hashToken(token),
    kind,
    csrf_token_hash: kind === 'cookie' ? hashToken(csrfToken) : null,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

export interface SessionUser extends CurrentUser {
  session_id: number;
  session_kind: 'cookie' | 'bearer';
  csrf_token_hash: string | null;
}

/**
 * Every request looks its session up; a signed-in user's next requests within a few seconds
 * find it here instead of waiting for another round trip before their own queries. Signing out
 * evicts the session at once in this process; anything else that ends a session or changes
 * its user (another server instance, an expiry, a deactivated user) shows within
 * SESSION_CACHE_MS, the longest an entry is trusted.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_ENTRIES = 10_000;

interface CachedSession {
  session: SessionUser;
  expiresAtMs: number;
  cachedAtMs: number;
}

const recentSessions = new Map<string, CachedSession>();
/** Bumped by every revocation: a lookup that overlapped one does not cache what it read. */
let revocations = 0;

function cachedSession(tokenHash: string, now: Date): SessionUser | null {
  const hit = recentSessions.get(tokenHash);
  if (!hit) return null;
  if (performance.now() - hit.cachedAtMs < SESSION_CACHE_MS && hit.expiresAtMs > now.getTime()) return hit.session;
  recentSessions.delete(tokenHash);
  return null;
}

function cacheSession(tokenHash: string, session: SessionUser, expiresAt: string | Date): void {
  if (recentSessions.size >= SESSION_CACHE_ENTRIES) {
    recentSessions.delete(recentSessions.keys().next().value as string);
  }
  recentSessions.set(tokenHash, { session, expiresAtMs: new Date(expiresAt).getTime(), cachedAtMs: performance.now() });
}

function forget(matches: (session: SessionUser) => boolean): void {
  revocations += 1;
  for (const [tokenHash, cached] of recentSessions) {
    if (matches(cached.session)) recentSessions.delete(tokenHash);
  }
}

function forgetSession(sessionId: number): void {
  forget((session) => Number(session.session_id) === Number(sessionId));
}

/** A user's role, organisation or active flag changed: its sessions must be read afresh. */
export function forgetUserSessions(userId: number): void {
  forget((session) => Number(session.id) === Number(userId));
}

export async function findSessionUser(db: Knex, token: string, now: Date): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const cached = cachedSession(tokenHash, now);
  if (cached) return cached;
  const revocationsBefore = revocations;
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', tokenHash)
    .whereNull('s.revoked_at')
    .where('s.expires_at', '>', now)
    .where('u.active', true)
    .first(
      's.id as session_id',
      's.kind as session_kind',
      's.csrf_token_hash',
      's.expires_at',
      'u.id',
      'u.email',
      'u.full_name',
      'u.role',
      'u.organization_id',
    );
  if (!row) return null;
  const { expires_at: expiresAt, ...fields } = row;
  const session: SessionUser = { ...fields, role: fields.role as Role };
  if (revocations === revocationsBefore) cacheSession(tokenHash, session, expiresAt);
  return session;
}

export async function revokeSession(db: Knex, sessionId: number, now: Date): Promise<void> {
  forgetSession(sessionId);
  await db('sessions').where({ id: sessionId }).update({ revoked_at: now });
  // A lookup that read the session before this update committed may have cached it meanwhile.
  forgetSession(sessionId);
}
