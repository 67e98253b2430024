import type { Knex } from 'knex';

/**
 * `service_plans.last_activity_on`: the latest `activity_date` of the plan's service
 * activities, or null. "Active on E" (docs/domain.md) needs some CSP activity in the six months
 * before E; when the plan's last activity is on or before E, whether it falls after E − 6
 * months answers that without searching the activities. At a million children that decides
 * nearly every discharged plan and most active ones without a probe (bench/README.md); the
 * reports still search the activities of a plan whose last activity is later than E.
 *
 * Kept by a trigger on `service_activities` whatever writes them; the trigger locks the plan
 * row before reading the activities, so concurrent activity writes for one plan cannot each
 * decide from a snapshot that misses the other. A plan computes its own on insert and whenever
 * the column is written, so it cannot be set by hand.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table service_plans add column last_activity_on date');
  await knex.raw(`
    update service_plans p set last_activity_on = last.activity_date
      from (select service_plan_id, max(activity_date) as activity_date from service_activities group by service_plan_id) last
     where p.id = last.service_plan_id`);

  await knex.raw(`
    create function plan_last_activity(p_service_plan_id bigint) returns date
    language sql stable as $$
      select max(activity_date) from service_activities where service_plan_id = p_service_plan_id
    $$`);
  await knex.raw(`
    create function service_plans_refresh_last_activity_on(p_service_plan_id bigint) returns void
    language plpgsql as $$
    declare
      last_activity date;
    begin
      perform 1 from service_plans where id = p_service_plan_id for no key update;
      last_activity := plan_last_activity(p_service_plan_id);
      update service_plans set last_activity_on = last_activity
       where id = p_service_plan_id and last_activity_on is distinct from last_activity;
    end
    $$`);
  await knex.raw(`
    create function service_activities_refresh_last_activity_on() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        perform service_plans_refresh_last_activity_on(old.service_plan_id);
      end if;
      if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.service_plan_id is distinct from old.service_plan_id) then
        perform service_plans_refresh_last_activity_on(new.service_plan_id);
      end if;
      return null;
    end
    $$`);
  await knex.raw(`
    create trigger service_activities_refresh_service_plans
    after insert or delete or update of service_plan_id, activity_date on service_activities
    for each row execute function service_activities_refresh_last_activity_on()`);
  await knex.raw(`
    create function service_plans_set_last_activity_on() returns trigger language plpgsql as $$
    begin
      -- a new plan has no activities yet (they reference it)
      new.last_activity_on := case when tg_op = 'INSERT' then null else plan_last_activity(new.id) end;
      return new;
    end
    $$`);
  await knex.raw(`
    create trigger service_plans_set_last_activity_on
    before insert or update of last_activity_on on service_plans
    for each row execute function service_plans_set_last_activity_on()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger service_plans_set_last_activity_on on service_plans');
  await knex.raw('drop function service_plans_set_last_activity_on()');
  await knex.raw('drop trigger service_activities_refresh_service_plans on service_activities');
  await knex.raw('drop function service_activities_refresh_last_activity_on()');
  await knex.raw('drop function service_plans_refresh_last_activity_on(bigint)');
  await knex.raw('drop function plan_last_activity(bigint)');
  await knex.raw('alter table service_plans drop column last_activity_on');
}
