import { Router } from 'express';
import type { Knex } from 'knex';
import { API_KEY_MAX_DAYS, API_KEY_NAME_MAX } from '../../contract/auth';
import { writeAudit } from '../audit';
import { NotFoundError, ValidationError } from '../errors';
import { createApiKey, listApiKeys, revokeApiKey } from './apiKeys';
import { currentUser, requireSession } from './middleware';

const ONLY_SIGNED_IN = 'An API key cannot make or revoke API keys: sign in to the dashboard to do it';
const FIELDS = new Set(['name', 'expires_in_days']);

function readNewKey(body: unknown): { name: string; expiresInDays: number | null } {
  const input = (body ?? {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) errors[key] = 'is not a field of an API key';
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) errors.name = 'Name the key after the script that will use it';
  else if (name.length > API_KEY_NAME_MAX) errors.name = `must be at most ${API_KEY_NAME_MAX} characters`;
  const days = input.expires_in_days ?? null;
  if (days !== null && !(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= API_KEY_MAX_DAYS)) {
    errors.expires_in_days = `must be a whole number of days from 1 to ${API_KEY_MAX_DAYS}, or null for no expiry`;
  }
  const fields = Object.keys(errors);
  if (fields.length) throw new ValidationError(`Check ${fields.join(', ')}: ${fields.map((f) => `${f} ${errors[f]}`).join('; ')}`, errors);
  return { name, expiresInDays: days as number | null };
}

/** /api/auth/api_keys: the signed-in user's own keys (docs/auth.md). A session, never a key, manages them. */
export function createApiKeyRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const router = Router();

  router.use((req, _res, next) => {
    requireSession(req, ONLY_SIGNED_IN);
    next();
  });

  router.get('/', async (req, res) => {
    res.json(await listApiKeys(deps.knex, currentUser(req).id));
  });

  router.post('/', async (req, res) => {
    const user = currentUser(req);
    const input = readNewKey(req.body);
    const created = await deps.knex.transaction(async (trx) => {
      const key = await createApiKey(trx, { userId: user.id, ...input, now: deps.clock() });
      const { key: _secret, ...shown } = key;
      await writeAudit(trx, { user_id: user.id, action: 'api_key_created', resource: 'api_keys', record_id: key.id, after: shown, ip: req.ip });
      return key;
    });
    res.status(201).json(created);
  });

  router.delete('/:id', async (req, res) => {
    const user = currentUser(req);
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : null;
    const revoked = id === null ? null : await deps.knex.transaction(async (trx) => {
      const row = await revokeApiKey(trx, user.id, id, deps.clock());
      if (row) await writeAudit(trx, { user_id: user.id, action: 'api_key_revoked', resource: 'api_keys', record_id: row.id, before: row, ip: req.ip });
      return row;
    });
    if (!revoked) throw new NotFoundError('You have no such API key');
    res.json(revoked);
  });

  return router;
}
