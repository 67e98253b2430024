import type { RestoreRequest } from '../../contract/imports';
import { largeTextDigest } from '../audit';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { say } from '../messages';
import { checkId, lockInScope, requireAccess, updateLocked, type EngineDeps, type RequestInfo } from '../resources/engine';
import { describeFields } from '../resources/fields';
import type { ResourceDeclaration } from '../resources/types';
import { compileCheck } from '../validation';
import { digestOf, LARGE_TEXT_NOT_KEPT, mayRestore, notRestorable } from './history';
import { keptText } from './largeTextVersions';

/**
 * Puts back the values of one history entry — one field, or every field it holds that may be
 * restored — as a new update through the engine's update path (updateLocked): the same scope,
 * version, field checks and workflow rules as an edit, so what an edit may not change (a
 * finalized check-in, a closed plan, a paid payment) a restore may not either. Audited as
 * `restore`, naming the entry it took its values from, its side and the fields put back. A
 * large text's audit copy is only its digest: its words come from the versions an update kept
 * (largeTextVersions.ts), read here and nowhere else.
 */
const checkRestore = compileCheck<RestoreRequest>({
  type: 'object',
  required: ['audit_event_id'],
  properties: {
    audit_event_id: { type: 'integer', minimum: 1, 'x-message': say('field_history_entry') },
    field: { type: ['string', 'null'], maxLength: 100 },
    side: { enum: ['before', 'after'] },
    version: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
  'x-message': { additionalProperties: say('field_unknown') },
});

export async function restoreRecord(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string, body: unknown) {
  const asked = checkRestore(body ?? {});
  requireAccess(declaration, request.user, 'update');
  if (!mayRestore(declaration, request.user)) {
    throw new ForbiddenError(say('restore_admins_only'));
  }
  const id = checkId(declaration, rawId);
  return deps.knex.transaction(async (trx) => {
    const current = await lockInScope(trx, declaration, request.user, id);
    const entry = await trx('audit_events').where({ id: asked.audit_event_id, resource: declaration.name, record_id: String(id) }).first();
    if (!entry) throw new NotFoundError(say('no_history_entry', { entry: asked.audit_event_id, resource: declaration.name }), { audit_event_id: say('field_no_such_entry') });
    const side = asked.side ?? 'after';
    const values = (entry.changes?.[side] ?? null) as Record<string, unknown> | null;
    if (!values) {
      throw new ConflictError(say(side === 'after' ? 'restore_nothing_after' : 'restore_nothing_before'));
    }
    const large = declaration.largeText ?? {};
    /** The value to put back: a large text's words from its kept version (undefined when not kept). */
    const valueOf = async (field: string): Promise<unknown> => {
      if (!(field in large)) return values[field] ?? null;
      const digest = digestOf(values[field]);
      if (!digest) return values[field] ?? null;
      return (await keptText(trx, declaration, id, field, digest)) ?? (largeTextDigest(String(current[field] ?? '')).sha256 === digest ? current[field] : undefined);
    };
    const restored: Record<string, unknown> = {};
    if (asked.field) {
      if (!(asked.field in values)) throw new ValidationError(say('restore_no_field', { field: asked.field }), { field: say('field_not_in_entry') });
      const reason = notRestorable(declaration, asked.field, request.user);
      const value = reason ? undefined : await valueOf(asked.field);
      if (reason || value === undefined) {
        const why = reason ?? LARGE_TEXT_NOT_KEPT;
        const code = (declaration.actionOnlyFields ?? []).includes(asked.field) ? 'action_only_field' : 'conflict';
        throw new ConflictError(say('restore_field_refused', { field: asked.field, reason_text: why.text }), { [asked.field]: why }, code);
      }
      restored[asked.field] = value;
    } else {
      for (const field of describeFields(declaration).map((f) => f.name)) {
        if (!(field in values) || notRestorable(declaration, field, request.user) !== null) continue;
        const value = await valueOf(field);
        if (value !== undefined) restored[field] = value;
      }
    }
    const changed = Object.keys(restored).filter((field) => JSON.stringify(current[field] ?? null) !== JSON.stringify(restored[field] ?? null));
    if (!changed.length) throw new ConflictError(say('restore_same_values'));
    return updateLocked(deps, declaration, request, trx, id, current, { ...Object.fromEntries(changed.map((field) => [field, restored[field]])), version: asked.version }, {
      action: 'restore',
      context: { restored_from: Number(entry.id), restored_side: side, restored_fields: changed },
    });
  });
}
