import type { Knex } from 'knex';

/**
 * The CSP initiations rollups (issue 16; docs/reports.md "CSP measures from the rollups"): CSP
 * initiations counted per month of initiation, month of the child's previous CSP initiation
 * (by organisation: the previous one in that organisation) and completed months of age on the
 * initiation day, with the days waited summed — for the CSP measures' `initiations_*`,
 * `average_age_months` and `wait_days_total` of a period of whole months. As in the wait-times
 * rollups (migration 20261202110000), an initiation is its child's earliest in a period that
 * starts on the first of a month exactly when its previous one is in an earlier month (or there
 * is none); on one day, the lower plan id comes first.
 *
 * Kept in the writing transaction by statement-level triggers on `service_plans` (initiation,
 * organisation, child, referral, programme), on `referrals` (the date a wait starts from) and on
 * `children` (the birth date an age is counted from): each recomputes the children the statement
 * touched, subtracting their initiations as they were and adding them as they are. Lock order:
 * the referrals of the plans (share, by id; a referral's own update already holds it), then
 * their children (share, by id; a child's own update already holds it), then one transaction
 * advisory lock per child (the wait-times rollups' key, so one lock orders both); the state is
 * read after the locks, in a fresh READ COMMITTED snapshot, so no two writers decide from a
 * snapshot that misses the other's date.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
const NO_PLANS = '(select * from service_plans where false)';
const initiated = (plans: string) => `(select * from ${plans} x where x.program = 'CSP' and x.initiated_on is not null)`;

/** Completed months of age on `p.initiated_on` for birth date `birth` (server/reports/cspMeasures.ts COMPLETED_MONTHS). */
const monthsOfAge = (birth: string) => `((date_part('year', p.initiated_on) - date_part('year', ${birth}))::int * 12
           + (date_part('month', p.initiated_on) - date_part('month', ${birth}))::int
           - case when date_part('day', p.initiated_on) < date_part('day', ${birth}) then 1 else 0 end)`;

/**
 * The initiations of `plans` (every initiated CSP plan of each child it holds), counted `sign`
 * times, with their keys; `date` is the date their waits start from, `birth` their child's birth date.
 */
const initiationsOf = (plans: string, sign: number, date = 'r.referral_date', birth = 'c.birth_date') => `select ${sign} as sign, p.id, p.referral_id,
         date_trunc('month', p.initiated_on)::date as month, p.organization_id, ${monthsOfAge(birth)} as age_months,
         p.initiated_on - ${date} as days,
         date_trunc('month', lag(p.initiated_on) over (partition by p.child_id order by p.initiated_on, p.id))::date as previous_month,
         date_trunc('month', lag(p.initiated_on) over (partition by p.child_id, p.organization_id order by p.initiated_on, p.id))::date as previous_org_month
    from ${plans} p join referrals r on r.id = p.referral_id join children c on c.id = p.child_id`;

interface InitiationRollup {
  table: string;
  keys: string[];
  values: string[];
}
const ROLLUPS: InitiationRollup[] = [
  { table: 'rollup_csp_initiations', keys: ['month', 'previous_month', 'age_months'], values: ['month', 'previous_month', 'age_months'] },
  {
    table: 'rollup_csp_initiations_by_organization',
    keys: ['organization_id', 'month', 'previous_month', 'age_months'],
    values: ['organization_id', 'month', 'previous_org_month', 'age_months'],
  },
];

const sumsOf = (rollup: InitiationRollup, initiations: string) => `select ${rollup.values.map((v, i) => `${v} as ${rollup.keys[i]}`).join(', ')},
         sum(sign)::int as initiations, sum(sign * days)::bigint as wait_days
  from ${initiations} i group by ${rollup.values.join(', ')} having sum(sign) <> 0 or sum(sign * days) <> 0 order by ${rollup.values.join(', ')}`;

const addTo = (rollup: InitiationRollup, initiations: string) => `insert into ${rollup.table} as t (${rollup.keys.join(', ')}, initiations, wait_days)
  ${sumsOf(rollup, initiations)}
  on conflict on constraint ${rollup.table}_key_unique do update
  set initiations = t.initiations + excluded.initiations, wait_days = t.wait_days + excluded.wait_days, updated_at = excluded.updated_at`;

const addToBoth = (ctes: string) => `with ${ctes},
  by_organization as (${addTo(ROLLUPS[1], 'initiations')} returning 1)
  ${addTo(ROLLUPS[0], 'initiations')}`;

const lockChildren = (children: string) => `perform 1 from children c where c.id in (select child_id from ${children} c0) order by c.id for share;
  perform pg_advisory_xact_lock(hashtextextended('rollup_initiation_waits child ' || c.child_id, 0)) from (select distinct child_id from ${children} c0 order by child_id) c`;

const plansOf = (children: string) => `(select p.* from service_plans p where p.program = 'CSP' and p.initiated_on is not null and p.child_id in (select child_id from ${children}))`;

function planChange(oldRows: string, newRows: string): string {
  const changed = `(select * from ${initiated(oldRows)} o union all select * from ${initiated(newRows)} n)`;
  const before = `(select c.* from ${plansOf('affected')} c where c.id not in (select id from ${newRows} n0) union all select * from ${initiated(oldRows)} o)`;
  return `
  perform 1 from ${changed} x limit 1;
  if not found then return null; end if;
  perform 1 from referrals r where r.id in (select referral_id from ${changed} x) order by r.id for share;
  ${lockChildren(changed)};
  ${addToBoth(`affected as (select distinct child_id from ${changed} x),
  initiations as materialized (${initiationsOf(before, -1)} union all ${initiationsOf(plansOf('affected'), 1)})`)}`;
}

function changedPlans(side: 'new_rows' | 'old_rows'): string {
  const other = side === 'new_rows' ? 'old_rows' : 'new_rows';
  const columns = ['program', 'child_id', 'organization_id', 'initiated_on', 'referral_id'];
  return `(select a.* from ${side} a join ${other} b on b.id = a.id where (${columns.map((c) => `a.${c}`).join(', ')}) is distinct from (${columns.map((c) => `b.${c}`).join(', ')}))`;
}

/** A referral's new date: its plans' initiations subtracted with the old date and added with the new one. */
const MOVED_REFERRALS = `(select n.id, o.referral_date as old_date from new_rows n join old_rows o on o.id = n.id where n.referral_date is distinct from o.referral_date)`;
const REFERRAL_DATE_CHANGE = `
  perform 1 from ${MOVED_REFERRALS} m limit 1;
  if not found then return null; end if;
  ${lockChildren(`(select p.child_id from service_plans p join ${MOVED_REFERRALS} m on m.id = p.referral_id where p.program = 'CSP')`)};
  ${addToBoth(`moved as materialized ${MOVED_REFERRALS},
  affected as (select distinct p.child_id from service_plans p join moved m on m.id = p.referral_id where p.program = 'CSP' and p.initiated_on is not null),
  initiations as materialized (
    select i.* from (${initiationsOf(plansOf('affected'), 1)}) i where i.referral_id in (select id from moved)
    union all
    select i.* from (${initiationsOf(`(select p.*, m.old_date from ${plansOf('affected')} p left join moved m on m.id = p.referral_id)`, -1, 'coalesce(p.old_date, r.referral_date)')}) i
     where i.referral_id in (select id from moved)
  )`)}`;

/** A child's new birth date: its initiations subtracted with the old age and added with the new one (the update holds the child's row). */
const MOVED_BIRTHS = `(select n.id as child_id, o.birth_date as old_birth from new_rows n join old_rows o on o.id = n.id where n.birth_date is distinct from o.birth_date)`;
const BIRTH_DATE_CHANGE = `
  perform 1 from ${MOVED_BIRTHS} m limit 1;
  if not found then return null; end if;
  ${addToBoth(`affected as materialized ${MOVED_BIRTHS},
  initiations as materialized (
    ${initiationsOf(plansOf('affected'), 1)}
    union all
    ${initiationsOf(`(select p.*, m.old_birth from ${plansOf('affected')} p join affected m on m.child_id = p.child_id)`, -1, 'r.referral_date', 'p.old_birth')}
  )`)}`;

const fn = (name: string, body: string) => `
create function ${name}() returns trigger language plpgsql as $$
begin
  ${body};
  return null;
end
$$`;

const TRIGGER_FUNCTIONS: [string, string][] = [
  ['rollup_csp_initiations_insert', planChange(NO_PLANS, 'new_rows')],
  ['rollup_csp_initiations_update', planChange(changedPlans('old_rows'), changedPlans('new_rows'))],
  ['rollup_csp_initiations_delete', planChange('old_rows', NO_PLANS)],
  ['rollup_csp_initiations_truncate', ROLLUPS.map((r) => `delete from ${r.table}`).join('; ')],
  ['rollup_csp_initiations_referral_update', REFERRAL_DATE_CHANGE],
  ['rollup_csp_initiations_child_update', BIRTH_DATE_CHANGE],
];

const TRIGGERS = [
  'create trigger rollup_csp_initiations_insert after insert on service_plans referencing new table as new_rows for each statement execute function rollup_csp_initiations_insert()',
  'create trigger rollup_csp_initiations_update after update on service_plans referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_update()',
  'create trigger rollup_csp_initiations_delete after delete on service_plans referencing old table as old_rows for each statement execute function rollup_csp_initiations_delete()',
  'create trigger rollup_csp_initiations_truncate after truncate on service_plans for each statement execute function rollup_csp_initiations_truncate()',
  'create trigger rollup_csp_initiations_referral_update after update on referrals referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_referral_update()',
  'create trigger rollup_csp_initiations_child_update after update on children referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_child_update()',
];

const ALL_INITIATIONS = `(${initiationsOf(initiated('service_plans'), 1)})`;

const compare = (rollup: InitiationRollup) => `return query
  with stored as materialized (select ${rollup.keys.join(', ')}, initiations, wait_days from ${rollup.table} where initiations <> 0 or wait_days <> 0),
  computed as materialized (${sumsOf(rollup, ALL_INITIATIONS)})
  select '${rollup.table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${rollup.table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;

/**
 * `rollup_rebuild_csp_initiations()` / `rollup_differences_csp_initiations()`, and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_csp_initiations`) and these.
 */
const FUNCTIONS = [
  `
create function rollup_rebuild_csp_initiations() returns void language plpgsql as $$
begin
  lock table referrals, children, service_plans in share mode;
  ${ROLLUPS.map((r) => `delete from ${r.table};\n  ${addTo(r, ALL_INITIATIONS)}`).join(';\n  ')};
end
$$`,
  `
create function rollup_differences_csp_initiations() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${ROLLUPS.map(compare).join(';\n  ')};
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_csp_initiations',
  'alter function rollup_differences() rename to rollup_differences_without_csp_initiations',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_csp_initiations();
  perform rollup_rebuild_csp_initiations();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_csp_initiations();
  return query select * from rollup_differences_csp_initiations();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  for (const rollup of ROLLUPS) {
    await knex.raw(`
    create table ${rollup.table} (
      id bigint generated always as identity primary key,
      ${rollup.keys.map((k) => `${k} ${k === 'age_months' ? 'integer not null' : k === 'organization_id' ? 'bigint not null' : k === 'month' ? 'date not null' : 'date'}`).join(',\n      ')},
      initiations integer not null,
      wait_days bigint not null,
      ${STAMPS},
      constraint ${rollup.table}_key_unique unique nulls not distinct (${rollup.keys.join(', ')})
    )`);
  }
  for (const [name, body] of TRIGGER_FUNCTIONS) await knex.raw(fn(name, body));
  for (const statement of [...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  // one pass over the initiated plans with their referrals and children (a group by, no loop)
  await knex.raw('select rollup_rebuild_csp_initiations()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_csp_initiations() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_csp_initiations() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_csp_initiations()');
  await knex.raw('drop function rollup_rebuild_csp_initiations()');
  for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger rollup_csp_initiations_${event} on service_plans`);
  await knex.raw('drop trigger rollup_csp_initiations_referral_update on referrals');
  await knex.raw('drop trigger rollup_csp_initiations_child_update on children');
  for (const [name] of TRIGGER_FUNCTIONS) await knex.raw(`drop function ${name}()`);
  for (const rollup of ROLLUPS) await knex.raw(`drop table ${rollup.table}`);
}
