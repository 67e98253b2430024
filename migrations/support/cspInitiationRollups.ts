/**
 * How the CSP initiations rollups are kept (migrations 20261203100001 and 20261205110000;
 * docs/reports.md "CSP measures from the rollups"): the tables, the trigger functions that
 * recompute the children a statement touched, and the rebuild and comparison against the base
 * tables, for a grain of age — completed months of age (20261203100001) or the measures' age
 * bands with the months summed (20261205110000). The wait-times rollups (20261202110000) build
 * their trigger bodies from the same pieces (planChange, changedPlans, referralDateChange).
 * Once a migration has shipped, a change here must not change what that migration creates
 * (test/platform/shippedMigrationSql.test.ts compares each one's statements).
 */
export const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
/** A relation of service_plans' columns that holds no row: the old rows of an insert, the new rows of a delete. */
export const NO_PLANS = '(select * from service_plans where false)';
/** CSP plans with an initiation, of relation `plans`. */
export const initiated = (plans: string) => `(select * from ${plans} x where x.program = 'CSP' and x.initiated_on is not null)`;

/** The age part of a rollup's key: its column, how it is computed from `age_months`, and whether the months are summed beside. */
export interface AgeGrain {
  column: string;
  type: string;
  value: string;
  /** the column summing the initiations' completed months of age, if any */
  monthsTotal: string | null;
}

export const BY_MONTHS_OF_AGE: AgeGrain = { column: 'age_months', type: 'integer not null', value: 'age_months', monthsTotal: null };

/**
 * The CSP measures' age bands (server/reports/cspMeasures.ts AGE_BANDS: completed years
 * `floor(months / 12)` 0–4, 5–12, 13–21: `'0-4'`, `'5-12'`, `'13-21'`), null outside them,
 * with Σ months beside for the average age.
 */
export const BY_AGE_BAND: AgeGrain = {
  column: 'age_band',
  type: 'text',
  value: `case when age_months between 0 and 59 then '0-4' when age_months between 60 and 155 then '5-12' when age_months between 156 and 263 then '13-21' end`,
  monthsTotal: 'age_months_total',
};

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
  counts: [string, string][];
}

export const ROLLUP_TABLES = ['rollup_csp_initiations', 'rollup_csp_initiations_by_organization'];

function rollupsOf(grain: AgeGrain): InitiationRollup[] {
  const counts: [string, string][] = [
    ['initiations', 'sum(sign)::int'],
    ['wait_days', 'sum(sign * days)::bigint'],
    ...(grain.monthsTotal ? [[grain.monthsTotal, 'sum(sign * age_months)::bigint'] as [string, string]] : []),
  ];
  return [
    { table: ROLLUP_TABLES[0], keys: ['month', 'previous_month', grain.column], values: ['month', 'previous_month', grain.value], counts },
    {
      table: ROLLUP_TABLES[1],
      keys: ['organization_id', 'month', 'previous_month', grain.column],
      values: ['organization_id', 'month', 'previous_org_month', grain.value],
      counts,
    },
  ];
}

const sumsOf = (rollup: InitiationRollup, initiations: string) => `select ${rollup.values.map((v, i) => `${v} as ${rollup.keys[i]}`).join(', ')},
         ${rollup.counts.map(([column, sum]) => `${sum} as ${column}`).join(', ')}
  from ${initiations} i group by ${rollup.values.join(', ')} having ${rollup.counts.map(([, sum]) => `${sum.replace(/::\w+$/, '')} <> 0`).join(' or ')} order by ${rollup.values.join(', ')}`;

const addTo = (rollup: InitiationRollup, initiations: string) => `insert into ${rollup.table} as t (${rollup.keys.join(', ')}, ${rollup.counts.map(([c]) => c).join(', ')})
  ${sumsOf(rollup, initiations)}
  on conflict on constraint ${rollup.table}_key_unique do update
  set ${rollup.counts.map(([c]) => `${c} = t.${c} + excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`;

const addToBoth = (rollups: InitiationRollup[], ctes: string) => `with ${ctes},
  by_organization as (${addTo(rollups[1], 'initiations')} returning 1)
  ${addTo(rollups[0], 'initiations')}`;

const lockChildren = (children: string) => `perform 1 from children c where c.id in (select child_id from ${children} c0) order by c.id for share;
  perform pg_advisory_xact_lock(hashtextextended('rollup_initiation_waits child ' || c.child_id, 0)) from (select distinct child_id from ${children} c0 order by child_id) c`;

/** The initiated CSP plans of the children of `children` (a relation or CTE with child_id), as they are. */
const plansOf = (children: string) => `(select p.* from service_plans p where p.program = 'CSP' and p.initiated_on is not null and p.child_id in (select child_id from ${children}))`;

/**
 * How one family of initiation rollups writes: its initiations' rows of `plans` counted `sign`
 * times (`date`: the date their waits start from), its locks on the children of `children` (a
 * relation with child_id, locked in id order), and its insert into its rollups from the CTEs
 * `ctes`, of which one is `initiations`.
 */
export interface InitiationWrites {
  initiationsOf: (plans: string, sign: number, date?: string) => string;
  lockChildren: (children: string) => string;
  addToBoth: (ctes: string) => string;
}

/** The body of the service_plans trigger for a statement whose old and new rows are `oldRows`, `newRows`. */
export function planChange({ initiationsOf, lockChildren, addToBoth }: InitiationWrites, oldRows: string, newRows: string): string {
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

/** Updated plans whose initiation, child, organisation, referral or programme changed, on `side`. */
export function changedPlans(side: 'new_rows' | 'old_rows'): string {
  const other = side === 'new_rows' ? 'old_rows' : 'new_rows';
  const columns = ['program', 'child_id', 'organization_id', 'initiated_on', 'referral_id'];
  return `(select a.* from ${side} a join ${other} b on b.id = a.id where (${columns.map((c) => `a.${c}`).join(', ')}) is distinct from (${columns.map((c) => `b.${c}`).join(', ')}))`;
}

/** A referral's new date: its plans' initiations subtracted with the old date and added with the new one. */
const MOVED_REFERRALS = `(select n.id, o.referral_date as old_date from new_rows n join old_rows o on o.id = n.id where n.referral_date is distinct from o.referral_date)`;
export const referralDateChange = ({ initiationsOf, lockChildren, addToBoth }: InitiationWrites) => `
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
const birthDateChange = (rollups: InitiationRollup[]) => `
  perform 1 from ${MOVED_BIRTHS} m limit 1;
  if not found then return null; end if;
  ${addToBoth(rollups, `affected as materialized ${MOVED_BIRTHS},
  initiations as materialized (
    ${initiationsOf(plansOf('affected'), 1)}
    union all
    ${initiationsOf(`(select p.*, m.old_birth from ${plansOf('affected')} p join affected m on m.child_id = p.child_id)`, -1, 'r.referral_date', 'p.old_birth')}
  )`)}`;

/** `create` (or `create or replace`) … `function name()`. */
export const triggerFunction = (create: string, name: string, body: string) => `
${create} function ${name}() returns trigger language plpgsql as $$
begin
  ${body};
  return null;
end
$$`;

/** The trigger functions (the triggers of migration 20261203100001 call them by name). */
export function triggerFunctions(grain: AgeGrain, create = 'create'): [string, string][] {
  const rollups = rollupsOf(grain);
  const writes: InitiationWrites = { initiationsOf, lockChildren, addToBoth: (ctes) => addToBoth(rollups, ctes) };
  const bodies: [string, string][] = [
    ['rollup_csp_initiations_insert', planChange(writes, NO_PLANS, 'new_rows')],
    ['rollup_csp_initiations_update', planChange(writes, changedPlans('old_rows'), changedPlans('new_rows'))],
    ['rollup_csp_initiations_delete', planChange(writes, 'old_rows', NO_PLANS)],
    ['rollup_csp_initiations_truncate', rollups.map((r) => `delete from ${r.table}`).join('; ')],
    ['rollup_csp_initiations_referral_update', referralDateChange(writes)],
    ['rollup_csp_initiations_child_update', birthDateChange(rollups)],
  ];
  return bodies.map(([name, body]) => [name, triggerFunction(create, name, body)]);
}

const ALL_INITIATIONS = `(${initiationsOf(initiated('service_plans'), 1)})`;

const compare = (rollup: InitiationRollup) => `return query
  with stored as materialized (select ${rollup.keys.join(', ')}, ${rollup.counts.map(([c]) => c).join(', ')} from ${rollup.table} where ${rollup.counts.map(([c]) => `${c} <> 0`).join(' or ')}),
  computed as materialized (${sumsOf(rollup, ALL_INITIATIONS)})
  select '${rollup.table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${rollup.table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;

/** `rollup_rebuild_csp_initiations()` and `rollup_differences_csp_initiations()`. */
export function rebuildAndDifferences(grain: AgeGrain, create = 'create'): string[] {
  const rollups = rollupsOf(grain);
  return [
    `
${create} function rollup_rebuild_csp_initiations() returns void language plpgsql as $$
begin
  lock table referrals, children, service_plans in share mode;
  ${rollups.map((r) => `delete from ${r.table};\n  ${addTo(r, ALL_INITIATIONS)}`).join(';\n  ')};
end
$$`,
    `
${create} function rollup_differences_csp_initiations() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${rollups.map(compare).join(';\n  ')};
end
$$`,
  ];
}

/** The two tables, one row per key of the grain. */
export function createTables(grain: AgeGrain): string[] {
  return rollupsOf(grain).map(
    (rollup) => `
    create table ${rollup.table} (
      id bigint generated always as identity primary key,
      ${rollup.keys.map((k) => `${k} ${k === grain.column ? grain.type : k === 'organization_id' ? 'bigint not null' : k === 'month' ? 'date not null' : 'date'}`).join(',\n      ')},
      initiations integer not null,
      wait_days bigint not null,${grain.monthsTotal ? `\n      ${grain.monthsTotal} bigint not null,` : ''}
      ${STAMPS},
      constraint ${rollup.table}_key_unique unique nulls not distinct (${rollup.keys.join(', ')})
    )`,
  );
}
