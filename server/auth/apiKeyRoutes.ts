import type { Router } from 'express';
import type { Knex } from 'knex';
import { API_KEY_MAX_DAYS, API_KEY_NAME_MAX } from '../../contract/auth';
import { writeAudit } from '../audit';
import { NotFoundError } from '../errors';
import { describedRouter } from '../openapi/operations';
import { arrayOf, DATE_TIME, ID, json, nullable, object, STRING, type Schema } from '../openapi/schemas';
import { compileCheck } from '../validation';
import { createApiKey, listApiKeys, revokeApiKey } from './apiKeys';
import { currentUser, requireSession } from './middleware';
import { say } from '../messages';

const ONLY_SIGNED_IN = say('api_key_no_keys');
const NAME_MESSAGE = say('field_api_key_name');

const NEW_KEY_BODY = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '\\S', maxLength: API_KEY_NAME_MAX, 'x-message': { required: NAME_MESSAGE, type: NAME_MESSAGE, pattern: NAME_MESSAGE } },
    expires_in_days: {
      type: ['integer', 'null'],
      minimum: 1,
      maximum: API_KEY_MAX_DAYS,
      'x-message': say('field_api_key_days', { limit: API_KEY_MAX_DAYS }),
    },
  },
};
const checkNewKey = compileCheck<{ name: string; expires_in_days?: number | null }>(NEW_KEY_BODY);

/** contract/auth.ts `ApiKeyInfo`; a new key also has its `key`, shown once. */
const KEY_FIELDS = { id: ID, name: STRING, created_at: DATE_TIME, last_used_at: nullable(DATE_TIME), expires_at: nullable(DATE_TIME) };
const API_KEY: Schema = object(KEY_FIELDS);
const CREATED_API_KEY: Schema = object({ ...KEY_FIELDS, key: { type: 'string', pattern: '^csk_' } });

/** /api/auth/api_keys: the signed-in user's own keys (docs/auth.md). A session, never a key, manages them. */
export function createApiKeyRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const routes = describedRouter({ tag: 'auth' });
  const router = routes.router;

  router.use((req, _res, next) => {
    requireSession(req, ONLY_SIGNED_IN);
    next();
  });

  routes.get('/', { summary: `The signed-in user's API keys, newest first. ${ONLY_SIGNED_IN}`, responses: { 200: json('The keys (never their secret)', arrayOf(API_KEY)) } }, async (req, res) => {
    res.json(await listApiKeys(deps.knex, currentUser(req).id));
  });

  const create = { summary: `Make an API key. ${ONLY_SIGNED_IN}`, body: NEW_KEY_BODY, responses: { 201: json('The key, its secret in `key` this once', CREATED_API_KEY) } };
  routes.post('/', create, async (req, res) => {
    const user = currentUser(req);
    const input = checkNewKey(req.body ?? {});
    const created = await deps.knex.transaction(async (trx) => {
      const key = await createApiKey(trx, { userId: user.id, name: input.name.trim(), expiresInDays: input.expires_in_days ?? null, now: deps.clock() });
      const { key: _secret, ...shown } = key;
      await writeAudit(trx, { user_id: user.id, action: 'api_key_created', resource: 'api_keys', record_id: key.id, after: shown, ip: req.ip });
      return key;
    });
    res.status(201).json(created);
  });

  routes.delete('/:id', { summary: `Revoke one of one's own API keys. ${ONLY_SIGNED_IN}`, responses: { 200: json('The revoked key', API_KEY) } }, async (req, res) => {
    const user = currentUser(req);
    const id = /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : null;
    const revoked = id === null ? null : await deps.knex.transaction(async (trx) => {
      const row = await revokeApiKey(trx, user.id, id, deps.clock());
      if (row) await writeAudit(trx, { user_id: user.id, action: 'api_key_revoked', resource: 'api_keys', record_id: row.id, before: row, ip: req.ip });
      return row;
    });
    if (!revoked) throw new NotFoundError(say('no_such_api_key'));
    res.json(revoked);
  });

  return router;
}
