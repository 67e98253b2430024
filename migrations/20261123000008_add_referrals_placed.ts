import type { Knex } from 'knex';

/**
 * `referrals.placed`: whether any placement names the referral. A programme manager's or
 * portal worker's scope includes its organisation's SHSS referrals that no placement names yet
 * (intake, docs/access.md); without this flag the only exact test was a probe of
 * `placements (referral_id)` for every SHSS referral of the organisation, twice per list
 * request (bench/README.md). The flag is kept by a trigger on `placements`, so every write
 * path — the API, workflows, seeds, a DBA's psql — keeps it true, and a partial index serves
 * the intake set directly.
 *
 * Concurrency: the trigger locks the referral row before it looks at the placements, so a
 * placement added in one transaction and the last other placement removed in another cannot
 * both decide from a snapshot that misses the other (each statement of a plpgsql function
 * reads a fresh snapshot under READ COMMITTED, taken after the lock is granted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table referrals add column placed boolean not null default false`);
  await knex.raw(`update referrals r set placed = true where exists (select 1 from placements p where p.referral_id = r.id)`);
  await knex.raw(`
    create function referrals_mark_placed() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.referral_id is not null
         and (tg_op = 'DELETE' or new.referral_id is distinct from old.referral_id) then
        perform 1 from referrals where id = old.referral_id for no key update;
        update referrals set placed = exists (select 1 from placements where referral_id = old.referral_id)
         where id = old.referral_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.referral_id is not null then
        perform 1 from referrals where id = new.referral_id for no key update;
        update referrals set placed = true where id = new.referral_id and not placed;
      end if;
      return null;
    end
    $$`);
  await knex.raw(`
    create trigger placements_mark_referral_placed
    after insert or delete or update of referral_id on placements
    for each row execute function referrals_mark_placed()`);
  await knex.raw(`
    create index referrals_intake_index on referrals (organization_id) include (id)
    where not placed and program <> 'CSP'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index referrals_intake_index');
  await knex.raw('drop trigger placements_mark_referral_placed on placements');
  await knex.raw('drop function referrals_mark_placed()');
  await knex.raw('alter table referrals drop column placed');
}
