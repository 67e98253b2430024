import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { rowTimestamps } from '../db/clock';
import type { ResourceDeclaration } from '../resources/types';

/**
 * The earlier versions of a record's large texts (table `large_text_versions`): the audit
 * trail keeps only a text's digest and size (server/audit.ts), so that children's long notes
 * are not copied into every audit row its readers see; the words an update replaced are kept
 * here instead, written in the update's transaction, found again by the digest the audit row
 * holds, and read only by a restore (restore.ts: an administrator, within the record's scope).
 *
 * Retention: the newest LARGE_TEXT_VERSIONS_KEPT earlier versions of each field of a record;
 * deleting the record deletes them (archiving keeps them). docs/imports.md says so.
 */
const LARGE_TEXT_VERSIONS_KEPT = 20;

type Db = Knex | Knex.Transaction;

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Keeps the large texts an update replaces (`before` → `patch`), pruning past the retention. */
export async function keepLargeTextVersions(trx: Db, declaration: ResourceDeclaration, id: string | number, before: Record<string, unknown>, patch: Record<string, unknown>) {
  for (const field of Object.keys(declaration.largeText ?? {})) {
    const previous = before[field];
    if (!(field in patch) || typeof previous !== 'string' || previous === patch[field]) continue;
    const key = { resource: declaration.name, record_id: String(id), field };
    const stamps = rowTimestamps(trx);
    await trx('large_text_versions')
      .insert({ ...key, sha256: sha256(previous), value: previous, ...stamps })
      .onConflict(['resource', 'record_id', 'field', 'sha256'])
      .merge({ updated_at: stamps.updated_at });
    const kept = trx('large_text_versions').where(key).orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(LARGE_TEXT_VERSIONS_KEPT).select('id');
    await trx('large_text_versions').where(key).whereNotIn('id', kept).delete();
  }
}

/** A deleted record's kept versions go with it. */
export async function forgetLargeTextVersions(trx: Db, declaration: ResourceDeclaration, id: string | number) {
  if (declaration.largeText) await trx('large_text_versions').where({ resource: declaration.name, record_id: String(id) }).delete();
}

/** The digests of a record's kept versions, by field (what History may offer to restore; never the words). */
export async function keptDigests(db: Db, declaration: ResourceDeclaration, id: string | number): Promise<Map<string, Set<string>>> {
  const kept = new Map<string, Set<string>>();
  if (!declaration.largeText) return kept;
  const rows = (await db('large_text_versions').where({ resource: declaration.name, record_id: String(id) }).select('field', 'sha256')) as { field: string; sha256: string }[];
  for (const row of rows) kept.set(row.field, (kept.get(row.field) ?? new Set()).add(row.sha256));
  return kept;
}

/** The words of one kept version, or null when it is no longer kept. */
export async function keptText(db: Db, declaration: ResourceDeclaration, id: string | number, field: string, digest: string): Promise<string | null> {
  const row = await db('large_text_versions').where({ resource: declaration.name, record_id: String(id), field, sha256: digest }).first('value');
  return row ? String(row.value) : null;
}
