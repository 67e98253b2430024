import type { Knex } from 'knex';

/**
 * The SHSS support request types every installation starts with (docs/domain.md: types and one
 * level of sub-types; `legacy_transition_in` is paid as `transition_in`, so the funding
 * workflow needs it to exist). Before this, only the demo seed created them and a production
 * install had none to choose from. Rows already there (an administrator's) are left as they
 * are; administrators maintain the list through the API afterwards. The list is written here,
 * not imported, because a migration records what was true when it ran.
 */
const TYPES = [
  { code: 'child_specific_support', label: 'Child-specific support' },
  { code: 'staffing', label: 'Additional staffing', requires_staffing_details: true },
  { code: 'respite_relief', label: 'Respite relief' },
  { code: 'education_support', label: 'Education support' },
  { code: 'home_modification', label: 'Home modification' },
  { code: 'legacy_transition_in', label: 'Legacy transition-in', legacy_only: true },
];

const SUB_TYPES = [
  { code: 'cultural_supports', label: 'Cultural supports', parent_code: 'child_specific_support' },
  { code: 'therapeutic_supports', label: 'Therapeutic supports', parent_code: 'child_specific_support' },
  { code: 'transportation', label: 'Transportation', parent_code: 'child_specific_support' },
  { code: 'equipment', label: 'Equipment', parent_code: 'child_specific_support' },
  { code: 'medical_supplies', label: 'Medical supplies', parent_code: 'child_specific_support' },
  { code: 'recreation', label: 'Recreation and camps', parent_code: 'child_specific_support' },
  { code: 'one_to_one_staffing', label: 'One-to-one staffing', parent_code: 'staffing', requires_staffing_details: true },
  { code: 'awake_overnight_staffing', label: 'Awake overnight staffing', parent_code: 'staffing', requires_staffing_details: true },
  { code: 'tutoring', label: 'Tutoring', parent_code: 'education_support' },
  { code: 'school_transition', label: 'School transition support', parent_code: 'education_support' },
];

export async function up(knex: Knex): Promise<void> {
  await knex('support_request_types').insert(TYPES).onConflict('code').ignore();
  // A sub-type whose parent an administrator had already made a sub-type would break the
  // one-level rule: those are skipped.
  for (const subType of SUB_TYPES) {
    const parent = await knex('support_request_types').where({ code: subType.parent_code }).first('parent_code');
    if (!parent || parent.parent_code) continue;
    await knex('support_request_types').insert(subType).onConflict('code').ignore();
  }
}

export async function down(knex: Knex): Promise<void> {
  // Only the rows nothing uses: a support request or an administrator's sub-type keeps its type.
  for (const { code } of [...SUB_TYPES, ...TYPES]) {
    await knex('support_request_types')
      .where({ code })
      .whereNotExists(knex('support_requests').where('type_code', code).orWhere('sub_type_code', code).select(knex.raw('1')))
      .whereNotExists(knex('support_request_types').where('parent_code', code).select(knex.raw('1')))
      .del();
  }
}
