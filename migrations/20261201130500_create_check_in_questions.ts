import type { Knex } from 'knex';
import { check, timestamps } from './support/schema';

/**
 * The programme's standard monthly check-in questions, a lookup that system administrators
 * maintain: a new check-in starts with the active ones, in `position` order. The starter list is
 * written here, not imported, because a migration records what was true when it ran; rows an
 * administrator already has are left alone.
 */
const QUESTIONS = [
  { code: 'overall', label: 'How has the child been this month?', label_fr: "Comment l'enfant s'est-il porté ce mois-ci ?" },
  { code: 'health', label: 'Changes in health, medication or appointments', label_fr: 'Changements de santé, de médication ou de rendez-vous' },
  { code: 'school', label: 'School attendance and progress', label_fr: 'Assiduité et progrès scolaires' },
  { code: 'family', label: 'Family contact and visits', label_fr: 'Contacts et visites avec la famille' },
  { code: 'incidents', label: 'Incidents and how they were handled', label_fr: 'Incidents et leur gestion' },
  { code: 'plan_goals', label: 'Progress on plan goals', label_fr: 'Progrès vers les objectifs du plan' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('check_in_questions', (t) => {
    t.text('code').primary();
    t.text('label').notNullable();
    t.text('label_fr').nullable();
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(knex, t);
    check(t, 'check_in_questions', 'label', 'char_length(label) between 1 and 1000');
    check(t, 'check_in_questions', 'label_fr', 'char_length(label_fr) <= 1000');
  });
  await knex('check_in_questions')
    .insert(QUESTIONS.map((q, index) => ({ ...q, position: (index + 1) * 10 })))
    .onConflict('code')
    .ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('check_in_questions');
}
