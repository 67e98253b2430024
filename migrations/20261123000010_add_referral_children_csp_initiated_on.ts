import type { Knex } from 'knex';

/**
 * `referral_children.csp_initiated_on`: the earliest `initiated_on` of the CSP plans for that
 * child and referral, or null. "Waiting for CSP initiation as of a date" (docs/domain.md) is an
 * eligible referral child with no such plan initiated by then; without this column the only
 * exact test was an anti join of every eligible referral child against every CSP plan — at a
 * million children 630 k rows against 614 k, a third of a second per report (bench/README.md).
 * With it the waiting children are read from a partial index.
 *
 * Kept by triggers whatever writes the rows: a plan write recomputes the pairs it leaves and
 * joins, and a referral child computes its own on insert and whenever its pair or the column
 * is written (so it cannot be set by hand). The recomputation locks the referral child's row
 * first and reads the plans afterwards (a fresh snapshot under READ COMMITTED), so two plan
 * writes for one pair cannot each decide from a snapshot that misses the other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table referral_children add column csp_initiated_on date');
  await knex.raw(`
    update referral_children rc set csp_initiated_on = first.initiated_on
      from (select referral_id, child_id, min(initiated_on) as initiated_on
              from service_plans
             where program = 'CSP' and referral_id is not null and initiated_on is not null
             group by referral_id, child_id) first
     where rc.referral_id = first.referral_id and rc.child_id = first.child_id`);

  await knex.raw(`
    create function csp_first_initiation(p_referral_id bigint, p_child_id bigint) returns date
    language sql stable as $$
      select min(initiated_on) from service_plans
       where program = 'CSP' and referral_id = p_referral_id and child_id = p_child_id
    $$`);
  await knex.raw(`
    create function referral_children_refresh_csp_initiated_on(p_referral_id bigint, p_child_id bigint) returns void
    language plpgsql as $$
    declare
      first_initiation date;
    begin
      perform 1 from referral_children where referral_id = p_referral_id and child_id = p_child_id for no key update;
      first_initiation := csp_first_initiation(p_referral_id, p_child_id);
      update referral_children set csp_initiated_on = first_initiation
       where referral_id = p_referral_id and child_id = p_child_id
         and csp_initiated_on is distinct from first_initiation;
    end
    $$`);
  await knex.raw(`
    create function service_plans_refresh_csp_initiated_on() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.referral_id is not null then
        perform referral_children_refresh_csp_initiated_on(old.referral_id, old.child_id);
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.referral_id is not null
         and (tg_op = 'INSERT' or new.referral_id is distinct from old.referral_id or new.child_id is distinct from old.child_id) then
        perform referral_children_refresh_csp_initiated_on(new.referral_id, new.child_id);
      end if;
      return null;
    end
    $$`);
  await knex.raw(`
    create trigger service_plans_refresh_referral_children
    after insert or delete or update of program, referral_id, child_id, initiated_on on service_plans
    for each row execute function service_plans_refresh_csp_initiated_on()`);
  await knex.raw(`
    create function referral_children_set_csp_initiated_on() returns trigger language plpgsql as $$
    begin
      new.csp_initiated_on := csp_first_initiation(new.referral_id, new.child_id);
      return new;
    end
    $$`);
  await knex.raw(`
    create trigger referral_children_set_csp_initiated_on
    before insert or update of referral_id, child_id, csp_initiated_on on referral_children
    for each row execute function referral_children_set_csp_initiated_on()`);

  // The waiting: eligible referral children not initiated (yet, or by the report's date).
  await knex.raw(`
    create index referral_children_csp_waiting_index
    on referral_children (csp_initiated_on) include (referral_id, child_id, eligibility_decided_on, closed_on)
    where eligibility = 'eligible'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index referral_children_csp_waiting_index');
  await knex.raw('drop trigger referral_children_set_csp_initiated_on on referral_children');
  await knex.raw('drop function referral_children_set_csp_initiated_on()');
  await knex.raw('drop trigger service_plans_refresh_referral_children on service_plans');
  await knex.raw('drop function service_plans_refresh_csp_initiated_on()');
  await knex.raw('drop function referral_children_refresh_csp_initiated_on(bigint, bigint)');
  await knex.raw('drop function csp_first_initiation(bigint, bigint)');
  await knex.raw('alter table referral_children drop column csp_initiated_on');
}
