import type { Knex } from 'knex';
import { SYSTEM_FIELDS } from '../../contract/meta';
import type { HistoryChange, HistoryEntry, LargeTextSize, RecordHistory, RestoredVersion } from '../../contract/imports';
import { ORGANIZATION_ADMINS, type CurrentUser } from '../access/roles';
import { NotFoundError } from '../errors';
import { say, type Message } from '../messages';
import { titles } from '../questions/compile';
import { checkId, mayDo, requireAccess, scopedQuery, type EngineDeps, type RequestInfo } from '../resources/engine';
import { describeFields } from '../resources/fields';
import type { ResourceDeclaration } from '../resources/types';
import { keptDigests } from './largeTextVersions';

/**
 * A record's history from its audit rows (server/audit.ts): each entry who did what when, and
 * field by field what changed — a reference with the title of the record it named (when the
 * caller may read that record), a large text as its size (the trail keeps its digest, not its
 * words; the words an update replaced are kept apart, largeTextVersions.ts). Only a record the
 * caller may read has a history it may see: any other is 404, as the record itself is. Whether
 * each field could be restored is said beside it (restore.ts); a restore names the version it
 * put back, when and by whom that version was made.
 */
export const HISTORY_ENTRIES = 500;

const SKIPPED = new Set(SYSTEM_FIELDS);

type Values = Record<string, unknown> | null;

/** Who restores: a system administrator, or an organisation administrator within its scope. */
export function mayRestore(declaration: ResourceDeclaration, user: CurrentUser): boolean {
  return ORGANIZATION_ADMINS.includes(user.role) && mayDo(declaration, user, 'update');
}

/** Why a field's earlier value cannot be written back, or null when it can. */
export function notRestorable(declaration: ResourceDeclaration, field: string, user: CurrentUser): Message | null {
  const described = describeFields(declaration).find((f) => f.name === field);
  if (!described || SKIPPED.has(field)) return say('field_not_user_written');
  if ((declaration.actionOnlyFields ?? []).includes(field)) return say('field_action_not_restore');
  if ((declaration.serverFields ?? []).includes(field)) return say('field_set_by_server');
  const roleFields = declaration.writableByRole?.[user.role];
  if (roleFields && !roleFields.includes(field)) return say('field_not_role_field');
  return null;
}

export const LARGE_TEXT_NOT_KEPT = say('field_large_text_not_kept');

/** The digest of a large text's audit copy, or null. */
export function digestOf(value: unknown): string | null {
  return value && typeof value === 'object' && typeof (value as { sha256?: unknown }).sha256 === 'string' ? (value as { sha256: string }).sha256 : null;
}

function sizeOf(value: unknown): LargeTextSize | null {
  if (!value || typeof value !== 'object') return null;
  const digest = value as { bytes?: number; characters?: number };
  return { bytes: Number(digest.bytes ?? 0), characters: digest.characters ?? null };
}

/** The fields an entry changed, in the declaration's order (then any the schema no longer has). */
function changedFields(declaration: ResourceDeclaration, before: Values, after: Values): string[] {
  const order = describeFields(declaration).map((f) => f.name);
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const large = declaration.largeText ?? {};
  const same = (name: string) => {
    const [a, b] = [before?.[name] ?? null, after?.[name] ?? null];
    if (name in large && a && b) return (a as { sha256?: string }).sha256 === (b as { sha256?: string }).sha256;
    return JSON.stringify(a) === JSON.stringify(b);
  };
  return [...names]
    .filter((name) => !SKIPPED.has(name) && !same(name))
    .sort((a, b) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1));
}

/** The titles of the records the entries refer to, by field, that the caller may read. */
async function referenceTitles(deps: EngineDeps, declaration: ResourceDeclaration, user: CurrentUser, changes: HistoryChange[]) {
  const wanted = new Map<string, Set<string>>();
  for (const change of changes) {
    const target = declaration.references?.[change.field];
    if (!target) continue;
    for (const value of [change.before, change.after]) {
      if (value !== null && value !== undefined) wanted.set(target, (wanted.get(target) ?? new Set()).add(String(value)));
    }
  }
  const found = new Map<string, string | null>();
  for (const [name, ids] of wanted) {
    const target = (deps.resources ?? []).find((r) => r.name === name);
    if (!target || !mayDo(target, user, 'read')) continue;
    const rows = (await titles(target, { resources: deps.resources ?? [], user }, deps.knex).whereIn(
      `${target.model.tableName}.${target.model.idColumn as string}`,
      [...ids],
    )) as { key: unknown; title: string | null }[];
    for (const row of rows) found.set(`${name}:${String(row.key)}`, row.title);
  }
  return (field: string, value: unknown): string | null => {
    const target = declaration.references?.[field];
    return target && value !== null && value !== undefined ? (found.get(`${target}:${String(value)}`) ?? null) : null;
  };
}

interface AuditRow {
  id: number;
  at: string;
  action: string;
  user_id: number | null;
  user_name: string | null;
  changes: { before?: Values; after?: Values; import_id?: number; restored_from?: number; restored_side?: 'before' | 'after'; restored_fields?: string[] } | null;
}

/** For each restore among the rows, the version it put back (its entry's time and author). */
async function restoredVersions(db: Knex, rows: AuditRow[]): Promise<Map<number, RestoredVersion>> {
  const restores = rows.filter((row) => row.action === 'restore' && row.changes?.restored_from);
  const sources = restores.length
    ? ((await db('audit_events as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .whereIn('a.id', [...new Set(restores.map((row) => Number(row.changes!.restored_from)))])
        .select('a.id', 'a.at', 'u.full_name as user_name')) as { id: number; at: string; user_name: string | null }[])
    : [];
  const byId = new Map(sources.map((source) => [Number(source.id), source]));
  return new Map(
    restores.map((row) => {
      const from = Number(row.changes!.restored_from);
      const source = byId.get(from);
      return [
        Number(row.id),
        { entry_id: from, at: source?.at ?? null, user_name: source?.user_name ?? null, side: row.changes!.restored_side ?? 'after', fields: row.changes!.restored_fields ?? [] },
      ];
    }),
  );
}

export async function recordHistory(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string, db: Knex = deps.knex): Promise<RecordHistory> {
  requireAccess(declaration, request.user, 'read');
  const id = checkId(declaration, rawId);
  const visible = await scopedQuery(declaration, request.user, db).findById(id);
  if (!visible) throw new NotFoundError(say('record_not_found', { records: declaration.name, id: rawId }));
  const rows = (await db('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where({ 'a.resource': declaration.name, 'a.record_id': String(id) })
    .orderBy([
      { column: 'a.at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(HISTORY_ENTRIES + 1)
    .select('a.id', 'a.at', 'a.action', 'a.user_id', 'u.full_name as user_name', 'a.changes')) as AuditRow[];

  const large = declaration.largeText ?? {};
  const kept = await keptDigests(db, declaration, id);
  const restored = await restoredVersions(db, rows.slice(0, HISTORY_ENTRIES));
  const entries: HistoryEntry[] = rows.slice(0, HISTORY_ENTRIES).map((row) => {
    const before = row.changes?.before ?? null;
    const after = row.changes?.after ?? null;
    return {
      id: Number(row.id),
      at: row.at,
      action: row.action,
      user_id: row.user_id,
      user_name: row.user_name,
      import_id: row.changes?.import_id ?? null,
      restored_from: row.changes?.restored_from ?? null,
      restored: restored.get(Number(row.id)) ?? null,
      changes: changedFields(declaration, before, after).map((field) => {
        const isLarge = field in large;
        const earlier = digestOf(before?.[field]);
        const reason = notRestorable(declaration, field, request.user) ?? (isLarge && !(earlier && kept.get(field)?.has(earlier)) ? LARGE_TEXT_NOT_KEPT : null);
        return {
          field,
          before: isLarge ? null : (before?.[field] ?? null),
          after: isLarge ? null : (after?.[field] ?? null),
          before_title: null,
          after_title: null,
          large_text: isLarge ? { before: sizeOf(before?.[field]), after: sizeOf(after?.[field]) } : null,
          restorable: reason === null,
          not_restorable: reason?.text ?? null,
        };
      }),
    };
  });
  const titleOf = await referenceTitles(deps, declaration, request.user, entries.flatMap((e) => e.changes));
  for (const change of entries.flatMap((e) => e.changes)) {
    change.before_title = titleOf(change.field, change.before);
    change.after_title = titleOf(change.field, change.after);
  }
  return {
    resource: declaration.name,
    record_id: String(id),
    can_restore: mayRestore(declaration, request.user),
    entries,
    truncated: rows.length > HISTORY_ENTRIES,
  };
}
