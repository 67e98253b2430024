import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { findApiKey, isApiKeyToken } from './apiKeys';
import type { SessionCache } from './sessionCache';
import { findSession, hashToken } from './sessions';

/** What a request's token opens: its user as the database has it now, and the session or key. */
export interface Credential {
  user: CurrentUser;
  kind: 'cookie' | 'bearer' | 'api_key';
  sessionId: number | null;
  apiKeyId: number | null;
  csrfTokenHash: string | null;
  expiresAt: Date | null;
  /** API keys: the last use recorded (written at most once a minute) */
  lastUsedAt: Date | null;
}

/** The session or API key a token opens now, from this instance's cache when it may be trusted. */
export async function findCredential(db: Knex, cache: SessionCache | null, token: string, now: Date): Promise<Credential | null> {
  const tokenHash = hashToken(token);
  const cached = cache ? await cache.find(tokenHash, now) : null;
  if (cached) return cached;
  const generation = cache?.generation() ?? 0;
  const found = isApiKeyToken(token) ? await findApiKey(db, tokenHash, now) : await findSession(db, tokenHash, now);
  if (found) cache?.set(tokenHash, found, generation);
  return found;
}
