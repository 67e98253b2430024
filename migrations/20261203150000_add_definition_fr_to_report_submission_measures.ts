import type { Knex } from 'knex';

/**
 * A submitted measure keeps its French definition beside the English one, frozen the same way,
 * so that a French reader sees the definition as it read when the measure was submitted. The
 * submissions made before keep none (empty): the English shows for them, and their signature,
 * which did not cover a French text, still verifies (server/submissions/content.ts). The
 * trigger that freezes the rows fires on rows, not on a new column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('report_submission_measures', (t) => {
    t.text('definition_fr').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('report_submission_measures', (t) => {
    t.dropColumn('definition_fr');
  });
}
