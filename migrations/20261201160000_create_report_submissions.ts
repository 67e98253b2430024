import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, limitedText, timestamps } from './support/schema';

/**
 * Frozen, signed submissions of the CSP measures (docs/reports.md "Submissions"):
 *
 * - `report_submissions`: one organisation's measures for a fiscal year's interim or final
 *   period, as submitted — who, when, the note, the reason of a resubmission, the SHA-256 of
 *   the content (`digest`). A new submission for the same organisation, year and period is the
 *   next `revision`; the latest one not withdrawn is current.
 * - `report_submission_measures`: each measure of a submission — its value, the ministry's name
 *   and definition as they read then, and its explanation rows as one jsonb array (PostgreSQL
 *   compresses it: ~1.8 MB for 10^5 rows, where a table of one row per unit took 24 MB with
 *   its index; docs/reports.md).
 * - `submission_due_dates`: when the interim and final submissions of a fiscal year are due —
 *   for every organisation (`organization_id` empty) or for one, by its agreement.
 *
 * Nobody changes or deletes a submission: a trigger refuses every UPDATE, DELETE and TRUNCATE
 * of both submission tables, except the withdrawal a system administrator makes with a reason
 * (server/workflows/reportSubmissions.ts), which sets `portal.report_submission_withdrawal` for its
 * transaction and may only fill the three withdrawal columns of a submission not yet withdrawn.
 */
const PERIODS = ['interim', 'final'];
const UNITS = ['child', 'referral', 'plan', 'activity', 'allocation', 'expenditure', 'payment'];
const STATISTICS = ['sum', 'mean', 'median', 'p90'];
const WITHDRAWAL_COLUMNS = ['withdrawn_at', 'withdrawn_by', 'withdrawal_reason', 'updated_at'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submission_due_dates', (t) => {
    identity(t);
    t.integer('fiscal_year').notNullable();
    foreignKey(t, 'submission_due_dates', 'organization_id', 'organizations', { nullable: true });
    t.date('interim_due_on').notNullable();
    t.date('final_due_on').notNullable();
    timestamps(knex, t);
    check(t, 'submission_due_dates', 'fiscal_year', 'fiscal_year between 1900 and 2999');
    check(t, 'submission_due_dates', 'interim_due_on', 'interim_due_on > make_date(fiscal_year, 12, 31)');
    check(t, 'submission_due_dates', 'final_due_on', 'final_due_on > make_date(fiscal_year + 1, 3, 31)');
  });
  await knex.raw(
    'create unique index submission_due_dates_fiscal_year_organization_id_unique on submission_due_dates (fiscal_year, organization_id) nulls not distinct',
  );

  await knex.schema.createTable('report_submissions', (t) => {
    identity(t);
    foreignKey(t, 'report_submissions', 'organization_id', 'organizations', { index: false });
    t.integer('fiscal_year').notNullable();
    t.text('period').notNullable();
    t.integer('revision').notNullable();
    t.date('period_from').notNullable();
    t.date('period_to').notNullable();
    t.date('as_of').notNullable();
    limitedText(t, 'report_submissions', 'note', 2000);
    t.text('reason').nullable();
    foreignKey(t, 'report_submissions', 'submitted_by', 'users');
    t.text('submitted_by_name').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.integer('row_count').notNullable();
    t.text('digest').notNullable();
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    foreignKey(t, 'report_submissions', 'withdrawn_by', 'users', { nullable: true });
    t.text('withdrawal_reason').nullable();
    timestamps(knex, t);
    check(t, 'report_submissions', 'fiscal_year', 'fiscal_year between 1900 and 2999');
    enumCheck(t, 'report_submissions', 'period', PERIODS);
    check(t, 'report_submissions', 'revision', 'revision >= 1');
    check(t, 'report_submissions', 'period_to', 'period_to >= period_from');
    // a resubmission says why; the first submission has nothing to explain
    check(t, 'report_submissions', 'reason', "(revision = 1) = (reason is null) and (reason is null or char_length(btrim(reason)) between 1 and 2000)");
    check(t, 'report_submissions', 'row_count', 'row_count >= 0');
    check(t, 'report_submissions', 'digest', "digest ~ '^[0-9a-f]{64}$'");
    check(
      t,
      'report_submissions',
      'withdrawal_reason',
      '(withdrawn_at is null) = (withdrawn_by is null) and (withdrawn_at is null) = (withdrawal_reason is null) and (withdrawal_reason is null or char_length(btrim(withdrawal_reason)) between 1 and 2000)',
    );
    t.unique(['organization_id', 'fiscal_year', 'period', 'revision'], { indexName: 'report_submissions_revision_unique' });
    t.index(['submitted_at', 'id'], 'report_submissions_submitted_at_id_index');
  });

  await knex.schema.createTable('report_submission_measures', (t) => {
    identity(t);
    foreignKey(t, 'report_submission_measures', 'submission_id', 'report_submissions', { index: false });
    t.integer('position').notNullable();
    t.text('measure_key').notNullable();
    t.text('name').notNullable();
    t.text('definition').notNullable();
    t.decimal('value', 14, 2).nullable();
    t.text('unit').notNullable();
    t.text('statistic').notNullable();
    t.integer('decimals').nullable();
    t.date('as_of').nullable();
    t.integer('row_count').notNullable();
    t.jsonb('rows').notNullable();
    timestamps(knex, t);
    enumCheck(t, 'report_submission_measures', 'unit', UNITS);
    enumCheck(t, 'report_submission_measures', 'statistic', STATISTICS);
    check(t, 'report_submission_measures', 'rows', "jsonb_typeof(rows) = 'array' and jsonb_array_length(rows) = row_count");
    t.unique(['submission_id', 'position'], { indexName: 'report_submission_measures_position_unique' });
    t.unique(['submission_id', 'measure_key'], { indexName: 'report_submission_measures_measure_key_unique' });
  });

  await knex.raw(`
    create function refuse_report_submission_change() returns trigger language plpgsql as $$
    begin
      -- nested: plpgsql does not short-circuit, and a measure row has no withdrawn_at
      if tg_op = 'UPDATE' and tg_table_name = 'report_submissions'
         and current_setting('portal.report_submission_withdrawal', true) = 'on' then
        if old.withdrawn_at is null and new.withdrawn_at is not null
           and to_jsonb(new) - array[${WITHDRAWAL_COLUMNS.map((c) => `'${c}'`).join(', ')}] = to_jsonb(old) - array[${WITHDRAWAL_COLUMNS.map((c) => `'${c}'`).join(', ')}] then
          return new;
        end if;
      end if;
      raise exception 'A submission is never changed or deleted (% on %)', tg_op, tg_table_name
        using errcode = 'restrict_violation', constraint = 'report_submissions_frozen';
    end $$`);
  for (const table of ['report_submissions', 'report_submission_measures']) {
    await knex.raw(`create trigger ${table}_frozen before update or delete on ${table} for each row execute function refuse_report_submission_change()`);
    await knex.raw(`create trigger ${table}_frozen_truncate before truncate on ${table} for each statement execute function refuse_report_submission_change()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_submission_measures');
  await knex.schema.dropTable('report_submissions');
  await knex.raw('drop function refuse_report_submission_change()');
  await knex.schema.dropTable('submission_due_dates');
}
