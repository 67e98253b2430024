import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { CurrentUser, Role } from '../access/roles';

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

export async function findSessionUser(db: Knex, token: string, now: Date): Promise<SessionUser | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', hashToken(token))
    .whereNull('s.revoked_at')
    .where('s.expires_at', '>', now)
    .where('u.active', true)
    .first(
      's.id as session_id',
      's.kind as session_kind',
      's.csrf_token_hash',
      'u.id',
      'u.email',
      'u.full_name',
      'u.role',
      'u.organization_id',
    );
  if (!row) return null;
  return { ...row, role: row.role as Role };
}

export async function revokeSession(db: Knex, sessionId: number, now: Date): Promise<void> {
  await db('sessions').where({ id: sessionId }).update({ revoked_at: now });
}
