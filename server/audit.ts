import type { Knex } from 'knex';
import { rowTimestamps } from './db/clock';

export interface AuditEntry {
  user_id: number | null;
  action: string;
  resource: string;
  record_id?: number | string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** Writes one audit_events row; call it with the transaction of the change it records. */
export async function writeAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  await db('audit_events').insert({
    user_id: entry.user_id,
    action: entry.action,
    resource: entry.resource,
    record_id: entry.record_id == null ? null : String(entry.record_id),
    changes: JSON.stringify({ before: entry.before ?? null, after: entry.after ?? null }),
    ip: entry.ip ?? null,
    ...rowTimestamps(db),
  });
}
