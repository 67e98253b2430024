import type { Knex } from 'knex';
import { RuleError } from '../errors';
import type { WriteContext } from '../resources/types';

/**
 * The support_request_types lookup: types (no parent) and their sub-types, one level deep, and
 * the SHSS list an installation starts with (the demo seed's active types, code for code).
 */
export interface SupportRequestTypeSeed {
  code: string;
  label: string;
  parent_code?: string;
  requires_staffing_details?: boolean;
  legacy_only?: boolean;
}

export const SHSS_SUPPORT_REQUEST_TYPES: readonly SupportRequestTypeSeed[] = [
  { code: 'child_specific_support', label: 'Child-specific support' },
  { code: 'cultural_supports', label: 'Cultural supports', parent_code: 'child_specific_support' },
  { code: 'therapeutic_supports', label: 'Therapeutic supports', parent_code: 'child_specific_support' },
  { code: 'transportation', label: 'Transportation', parent_code: 'child_specific_support' },
  { code: 'equipment', label: 'Equipment', parent_code: 'child_specific_support' },
  { code: 'medical_supplies', label: 'Medical supplies', parent_code: 'child_specific_support' },
  { code: 'recreation', label: 'Recreation and camps', parent_code: 'child_specific_support' },
  { code: 'staffing', label: 'Additional staffing', requires_staffing_details: true },
  { code: 'one_to_one_staffing', label: 'One-to-one staffing', parent_code: 'staffing', requires_staffing_details: true },
  { code: 'awake_overnight_staffing', label: 'Awake overnight staffing', parent_code: 'staffing', requires_staffing_details: true },
  { code: 'respite_relief', label: 'Respite relief' },
  { code: 'education_support', label: 'Education support' },
  { code: 'tutoring', label: 'Tutoring', parent_code: 'education_support' },
  { code: 'school_transition', label: 'School transition support', parent_code: 'education_support' },
  { code: 'home_modification', label: 'Home modification' },
  { code: 'legacy_transition_in', label: 'Legacy transition-in', legacy_only: true },
];

/** Adds the SHSS types that are missing; never changes a row an administrator maintains. */
export async function ensureSupportRequestTypes(knex: Knex | Knex.Transaction): Promise<number> {
  const rows = SHSS_SUPPORT_REQUEST_TYPES.map((t) => ({
    code: t.code,
    label: t.label,
    parent_code: t.parent_code ?? null,
    requires_staffing_details: t.requires_staffing_details ?? false,
    legacy_only: t.legacy_only ?? false,
    active: true,
  }));
  const types = rows.filter((r) => !r.parent_code);
  const subTypes = rows.filter((r) => r.parent_code);
  const added = await knex('support_request_types').insert(types).onConflict('code').ignore().returning('code');
  const addedSubs = await knex('support_request_types').insert(subTypes).onConflict('code').ignore().returning('code');
  return added.length + addedSubs.length;
}

/** beforeWrite of support_request_types: a sub-type's parent is a type, never another sub-type. */
export async function checkSupportRequestTypeWrite(ctx: WriteContext): Promise<void> {
  if (ctx.action === 'delete') return;
  const { trx, data, before } = ctx;
  const code = before?.code ?? data.code;
  if (!data.parent_code) return;
  if (data.parent_code === code) throw new RuleError('A type cannot be its own sub-type', { parent_code: 'cannot be the type itself' });
  const parent = await trx('support_request_types').where({ code: data.parent_code }).first('code', 'parent_code');
  if (!parent) throw new RuleError(`There is no type "${String(data.parent_code)}"`, { parent_code: 'no such type' });
  if (parent.parent_code) {
    throw new RuleError(`"${parent.code}" is itself a sub-type of "${parent.parent_code}"; sub-types are one level deep`, { parent_code: 'is a sub-type' });
  }
  const children = await trx('support_request_types').where({ parent_code: code }).first('code');
  if (children) {
    throw new RuleError(`"${code}" has sub-types of its own, so it cannot become a sub-type`, { parent_code: 'the type has sub-types' });
  }
}
