import type { Knex } from 'knex';

/**
 * A French label beside the English one on the lookups people pick from (service types and
 * support request types; check-in questions have one already), so the dashboard shows a
 * lookup in the user's language. The starter support request types of migration
 * 20261123000012 get theirs; an administrator's own rows keep theirs empty until given one (the
 * English shows meanwhile). Written here, not imported: a migration records what was true.
 */
const LOOKUPS = ['service_types', 'support_request_types'] as const;

const SUPPORT_REQUEST_TYPES_FR: Record<string, string> = {
  child_specific_support: 'Soutien propre à l’enfant',
  staffing: 'Personnel supplémentaire',
  respite_relief: 'Relève',
  education_support: 'Soutien scolaire',
  home_modification: 'Adaptation du domicile',
  legacy_transition_in: 'Transition d’accueil (ancien régime)',
  cultural_supports: 'Soutiens culturels',
  therapeutic_supports: 'Soutiens thérapeutiques',
  transportation: 'Transport',
  equipment: 'Équipement',
  medical_supplies: 'Fournitures médicales',
  recreation: 'Loisirs et camps',
  one_to_one_staffing: 'Accompagnement individuel',
  awake_overnight_staffing: 'Personnel éveillé la nuit',
  tutoring: 'Tutorat',
  school_transition: 'Soutien à la transition scolaire',
};

export async function up(knex: Knex): Promise<void> {
  for (const table of LOOKUPS) {
    await knex.schema.alterTable(table, (t) => {
      t.text('label_fr').nullable();
      t.check('char_length(label_fr) <= 200', [], `${table}_label_fr_check`);
    });
  }
  for (const [code, label_fr] of Object.entries(SUPPORT_REQUEST_TYPES_FR)) {
    await knex('support_request_types').where({ code }).whereNull('label_fr').update({ label_fr });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of LOOKUPS) {
    await knex.schema.alterTable(table, (t) => {
      t.dropChecks(`${table}_label_fr_check`);
      t.dropColumn('label_fr');
    });
  }
}
