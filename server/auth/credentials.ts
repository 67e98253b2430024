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
  return cached ?? lookUp(db, cache, token, tokenHash, now);
}

async function lookUp(db: Knex, cache: SessionCache | null, token: string, tokenHash: string, now: Date): Promise<Credential | null> {
  const generation = cache?.generation() ?? 0;
  const found = isApiKeyToken(token) ? await findApiKey(db, tokenHash, now) : await findSession(db, tokenHash, now);
  if (found) cache?.set(tokenHash, found, generation);
  return found;
}

/** A session kept by this instance, to read with at once, and what the database says of it now. */
export interface CredentialAhead {
  /** the kept credential: possibly ended or changed a moment ago, by a change not heard yet */
  kept: Credential;
  /**
   * the credential as findCredential would have answered it when the request arrived: the kept
   * one once every earlier change has been heard (the cache's catch-up round trip), or a
   * lookup in the database when it was forgotten meanwhile; null when it no longer opens
   * anything. Never rejects but with the database's error.
   */
  confirmed: Promise<Credential | null>;
}

/**
 * A kept session at once, its catch-up on its way (not an API key: its use is written at once).
 * Null when nothing is kept for the token: findCredential then.
 */
export function findCredentialAhead(db: Knex, cache: SessionCache | null, token: string, now: Date): CredentialAhead | null {
  if (!cache || isApiKeyToken(token)) return null;
  const tokenHash = hashToken(token);
  const kept = cache.peek(tokenHash, now);
  if (!kept) return null;
  const confirmed = cache.caughtUp().then((heard) => (heard ? cache.peek(tokenHash, now) : null) ?? lookUp(db, cache, token, tokenHash, now));
  return { kept, confirmed };
}
