import type { Knex } from 'knex';

/**
 * Every server instance keeps the sessions and API keys it has just checked for a moment
 * (server/auth/sessionCache.ts) and forgets a user's the moment PostgreSQL says they changed:
 * these triggers send `NOTIFY session_changes, '<user id>'` whenever a session or key is
 * revoked, expires sooner or is deleted, and whenever a user's sign-in facts change (role,
 * organisation, active, name, email, password). They fire whatever makes the change — the
 * API, a script or plain SQL — and PostgreSQL delivers the notice on commit, to every
 * instance listening.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function notify_session_change() returns trigger language plpgsql as $$
    begin
      -- tg_argv[0] names the column that holds the user's id
      perform pg_notify('session_changes', (case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ->> tg_argv[0]);
      return null;
    end
    $$`);
  await knex.raw(`
    create trigger users_notify_session_change
    after update of role, organization_id, active, email, full_name, password_hash on users
    for each row
    when (old.role is distinct from new.role or old.organization_id is distinct from new.organization_id
      or old.active is distinct from new.active or old.email is distinct from new.email
      or old.full_name is distinct from new.full_name or old.password_hash is distinct from new.password_hash)
    execute function notify_session_change('id')`);
  await knex.raw(`
    create trigger users_notify_session_change_on_delete
    after delete on users for each row execute function notify_session_change('id')`);
  for (const table of ['sessions', 'api_keys']) {
    await knex.raw(`
      create trigger ${table}_notify_session_change
      after update of revoked_at, expires_at, user_id or delete on ${table}
      for each row execute function notify_session_change('user_id')`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sessions', 'api_keys']) await knex.raw(`drop trigger ${table}_notify_session_change on ${table}`);
  await knex.raw('drop trigger users_notify_session_change_on_delete on users');
  await knex.raw('drop trigger users_notify_session_change on users');
  await knex.raw('drop function notify_session_change()');
}
