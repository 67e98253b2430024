import type { Knex } from 'knex';
import { API_KEY_PREFIX, type ApiKeyInfo, type CreatedApiKey } from '../../contract/auth';
import type { Credential } from './credentials';
import { CREDENTIAL_USER_COLUMNS, credentialUser, hashToken, newToken } from './sessions';

/**
 * API keys for scripts (docs/auth.md): a user's own, named, stored as a SHA-256 hash like
 * session tokens, optionally expiring. A key opens exactly what its user's session would —
 * the user's role and scope as they are now — and stops with its user's deactivation.
 */
const INFO_COLUMNS = ['id', 'name', 'created_at', 'last_used_at', 'expires_at'] as const;

/** A script may call many times a second; its key's last use is written at most this often. */
const LAST_USED_EVERY_MS = 60_000;

export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

export async function findApiKey(db: Knex, tokenHash: string, now: Date): Promise<Credential | null> {
  const row = await db('api_keys as k')
    .join('users as u', 'u.id', 'k.user_id')
    .where('k.token_hash', tokenHash)
    .whereNull('k.revoked_at')
    .where((q) => q.whereNull('k.expires_at').orWhere('k.expires_at', '>', now))
    .where('u.active', true)
    .first('k.id as api_key_id', 'k.expires_at', 'k.last_used_at', ...CREDENTIAL_USER_COLUMNS);
  if (!row) return null;
  return {
    user: credentialUser(row),
    kind: 'api_key',
    sessionId: null,
    apiKeyId: row.api_key_id,
    csrfTokenHash: null,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
  };
}

/** Records that the key was used now, unless that was recorded less than a minute ago. */
export async function noteApiKeyUse(db: Knex, credential: Credential, now: Date): Promise<void> {
  if (credential.apiKeyId === null) return;
  if (credential.lastUsedAt && now.getTime() - credential.lastUsedAt.getTime() < LAST_USED_EVERY_MS) return;
  // The credential may be this instance's cached one: its next requests see the write.
  credential.lastUsedAt = now;
  const staleBefore = new Date(now.getTime() - LAST_USED_EVERY_MS);
  await db('api_keys')
    .where({ id: credential.apiKeyId })
    .where((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<=', staleBefore))
    .update({ last_used_at: now });
}

export async function listApiKeys(db: Knex, userId: number): Promise<ApiKeyInfo[]> {
  return db('api_keys').where({ user_id: userId }).whereNull('revoked_at').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select(INFO_COLUMNS);
}

export async function createApiKey(
  db: Knex | Knex.Transaction,
  input: { userId: number; name: string; expiresInDays: number | null; now: Date },
): Promise<CreatedApiKey> {
  const key = `${API_KEY_PREFIX}${newToken()}`;
  const expiresAt = input.expiresInDays === null ? null : new Date(input.now.getTime() + input.expiresInDays * 86_400_000);
  const [row] = await db('api_keys')
    .insert({ user_id: input.userId, name: input.name, token_hash: hashToken(key), expires_at: expiresAt, created_at: input.now, updated_at: input.now })
    .returning(INFO_COLUMNS);
  return { ...row, key };
}

/** Revokes one of the user's own keys; null when the user has no such open key. */
export async function revokeApiKey(db: Knex | Knex.Transaction, userId: number, keyId: number, now: Date): Promise<ApiKeyInfo | null> {
  const [row] = await db('api_keys').where({ id: keyId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: now, updated_at: now }).returning(INFO_COLUMNS);
  return row ?? null;
}

/** A deactivated user's keys end with its sessions. */
export async function revokeUserApiKeys(db: Knex | Knex.Transaction, userId: number, now: Date): Promise<void> {
  await db('api_keys').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now, updated_at: now });
}
