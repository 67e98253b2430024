import type { Knex } from 'knex';

/**
 * Audit rows of daily log entries written before large texts were audited as digests hold the
 * whole `body` before and after (up to 50 MB each), so a page of the audit trail could not be
 * listed. Each such copy becomes `{ sha256, bytes }`, as the engine writes them now
 * (server/resources/largeText.ts, server/audit.ts). The texts themselves stay in
 * `daily_log_entries`; what the old copies recorded beyond their digest cannot be brought back,
 * so `down` leaves the digests.
 */
export async function up(knex: Knex): Promise<void> {
  for (const side of ['before', 'after']) {
    await knex.raw(
      `update audit_events
          set changes = jsonb_set(changes, ?::text[], jsonb_build_object(
                'sha256', encode(sha256(convert_to(changes #>> ?::text[], 'UTF8')), 'hex'),
                'bytes', octet_length(changes #>> ?::text[])))
        where resource = 'daily_log_entries' and jsonb_typeof(changes #> ?::text[]) = 'string'`,
      Array(4).fill(`{${side},body}`),
    );
  }
}

export async function down(): Promise<void> {}
