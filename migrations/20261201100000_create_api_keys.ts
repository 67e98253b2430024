import type { Knex } from 'knex';
import { check, foreignKey, identity, timestamps } from './support/schema';

/**
 * API keys for scripts (docs/auth.md): long-lived, named, revocable, one user's each. Like
 * session tokens they are stored only as a SHA-256 hash, so a leaked table opens nothing; the
 * key itself is shown once, when it is made. `last_used_at` is written at most once a minute.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    identity(t);
    foreignKey(t, 'api_keys', 'user_id', 'users');
    t.text('name').notNullable();
    t.text('token_hash').notNullable();
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    timestamps(knex, t);
    t.unique(['token_hash'], { indexName: 'api_keys_token_hash_unique' });
    check(t, 'api_keys', 'name', `char_length(btrim("name")) between 1 and 100`);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_keys');
}
