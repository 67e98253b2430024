import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../../contract/enums';
import type { CurrentUser } from '../access/roles';
import { API_KEY_PREFIX } from '../../contract/auth';
import type { Credential } from './credentials';

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

/** A session token never looks like an API key, so the prefix alone says where to look it up. */
function newSessionToken(): string {
  let token = newToken();
  while (token.startsWith(API_KEY_PREFIX)) token = newToken();
  return token;
}

export async function openSession(
  db: Knex | Knex.Transaction,
  userId: number,
  kind: 'cookie' | 'bearer',
  hours: number,
  now: Date,
): Promise<OpenedSession> {
  const token = newSessionToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await db('sessions').insert({
    user_id: userId,
    token_hash: hashToken(token),
    kind,
    csrf_token_hash: kind === 'cookie' ? hashToken(csrfToken) : null,
    last_seen_at: now,
    expires_at: expiresAt,
    created_at: now,
    updated_at: now,
  });
  return { token, csrfToken, expiresAt };
}

/** The columns of the signed-in user every credential lookup reads. */
export const CREDENTIAL_USER_COLUMNS = ['u.id', 'u.email', 'u.full_name', 'u.role', 'u.organization_id'] as const;

export function credentialUser(row: { id: number; email: string; full_name: string; role: string; organization_id: number | null }): CurrentUser {
  return { id: row.id, email: row.email, full_name: row.full_name, role: row.role as Role, organization_id: row.organization_id };
}

export async function findSession(db: Knex, tokenHash: string, now: Date): Promise<Credential | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', tokenHash)
    .whereNull('s.revoked_at')
    .where('s.expires_at', '>', now)
    .where('u.active', true)
    .first('s.id as session_id', 's.kind', 's.csrf_token_hash', 's.expires_at', ...CREDENTIAL_USER_COLUMNS);
  if (!row) return null;
  return {
    user: credentialUser(row),
    kind: row.kind,
    sessionId: Number(row.session_id),
    apiKeyId: null,
    csrfTokenHash: row.csrf_token_hash,
    expiresAt: new Date(row.expires_at),
    lastUsedAt: null,
  };
}

export async function revokeSession(db: Knex, sessionId: number, now: Date): Promise<void> {
  await db('sessions').where({ id: sessionId }).whereNull('revoked_at').update({ revoked_at: now, updated_at: now });
}

/**
 * Ends every open session of a user (a password reset or change, a deactivation), but the one
 * named in `except` (the session that changed its own password). The triggers of migration
 * 20261201100001 tell every instance on commit.
 */
export async function endUserSessions(db: Knex | Knex.Transaction, userId: number, now: Date, except: number | null = null): Promise<void> {
  const query = db('sessions').where({ user_id: userId }).whereNull('revoked_at').where('expires_at', '>', now);
  if (except !== null) query.whereNot({ id: except });
  await query.update({ revoked_at: now, updated_at: now });
}
