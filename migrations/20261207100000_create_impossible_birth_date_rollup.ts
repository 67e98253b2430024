import type { Knex } from 'knex';
import { joinRollupChain, storedAgainstComputed } from './support/rollups';

/**
 * `rollup_impossible_birth_dates` (issue 16; docs/compliance.md "Kept by the database"): the
 * children one of whose referral dates or placement starts is before their birth date, or 25
 * years or more after it — the part of the data-quality check `children_impossible_birth_date`
 * that does not depend on today. Read live, that part joined every intake date (1.47 M at a
 * million children) with every child on each scorecard: 3.1–3.5 s of the 4.5 s scorecard
 * (bench/README.md). The set holds a few thousand children there, and the check reads it with
 * the children's scope, archive and "born after today" as before.
 *
 * Kept in the writing transaction by statement-level triggers on `placements` (child, start),
 * `referral_children` (child, referral), `referrals` (date) and `children` (birth date): each
 * recomputes the children its statement touched from the base tables. Lock order: the rows the
 * statement itself wrote, then one transaction advisory lock per child, in child id order (a
 * key of its own: no other rollup takes it); the state is read after the lock, in a fresh READ
 * COMMITTED snapshot, so two writers for one child cannot each decide from a snapshot that
 * misses the other. `rollup_rebuild()` and `rollup_differences()` cover it, so `rollups:verify`
 * and every test file's database (test/helpers/testDb.ts) compare it with the base tables.
 */
const TABLE = 'rollup_impossible_birth_dates';
/** server/dataQuality/checks/childrenImpossibleBirthDate.ts MAX_AGE_AT_INTAKE */
const MAX_AGE_AT_INTAKE = 25;

/** The intake rule, once: the set form and the per-child form both call it (inlined: one SQL expression). */
const RULE = `
create function intake_date_impossible(on_date date, birth_date date) returns boolean
language sql immutable parallel safe as $$
  select on_date < birth_date or on_date - make_interval(years => ${MAX_AGE_AT_INTAKE}) >= birth_date
$$`;

/** Every child the rule flags, from scratch: one pass over the intake dates. */
const ALL = `
create function impossible_birth_date_children() returns table (child_id bigint) language sql stable as $$
  select c.id
    from (select p.child_id, p.start_date as on_date from placements p
          union all
          select rc.child_id, r.referral_date from referral_children rc join referrals r on r.id = rc.referral_id) intake
    join children c on c.id = intake.child_id
   where intake_date_impossible(intake.on_date, c.birth_date)
   group by c.id
$$`;

/** Recomputes the children `touched` (ids, any order, repeats allowed) after locking them. */
const REFRESH = `
create function ${TABLE}_refresh(touched bigint[]) returns void language plpgsql as $$
begin
  if cardinality(touched) = 0 then return; end if;
  perform pg_advisory_xact_lock(hashtextextended('${TABLE} child ' || t.child_id, 0))
     from (select distinct child_id from unnest(touched) as u (child_id) order by child_id) t;
  with flagged as (
    select c.id from children c
     where c.id = any (touched)
       and (exists (select 1 from placements p where p.child_id = c.id and intake_date_impossible(p.start_date, c.birth_date))
            or exists (select 1 from referral_children rc join referrals r on r.id = rc.referral_id
                        where rc.child_id = c.id and intake_date_impossible(r.referral_date, c.birth_date)))),
  cleared as (delete from ${TABLE} where child_id = any (touched) and child_id not in (select id from flagged))
  insert into ${TABLE} (child_id) select id from flagged order by id
  on conflict (child_id) do nothing;
end
$$`;

/** One trigger of `table` on `event`; `touched` selects the child ids from its transition tables. */
interface Watch {
  table: string;
  event: 'insert' | 'update' | 'delete';
  touched: string;
}
const changedOn = (columns: string[]) => columns.map((c) => `o.${c} is distinct from n.${c}`).join(' or ');
/** The children before and after an update of the rows whose `columns` changed. */
const childrenOfChanged = (columns: string[]) =>
  `select x.child_id from old_rows o join new_rows n on n.id = o.id, lateral (values (o.child_id), (n.child_id)) x (child_id)
               where ${changedOn(columns)}`;
const WATCHES: Watch[] = [
  { table: 'placements', event: 'insert', touched: 'select child_id from new_rows' },
  { table: 'placements', event: 'delete', touched: 'select child_id from old_rows' },
  { table: 'placements', event: 'update', touched: childrenOfChanged(['child_id', 'start_date']) },
  { table: 'referral_children', event: 'insert', touched: 'select child_id from new_rows' },
  { table: 'referral_children', event: 'delete', touched: 'select child_id from old_rows' },
  { table: 'referral_children', event: 'update', touched: childrenOfChanged(['child_id', 'referral_id']) },
  {
    table: 'referrals',
    event: 'update',
    touched: `select rc.child_id from old_rows o join new_rows n on n.id = o.id join referral_children rc on rc.referral_id = n.id
               where ${changedOn(['referral_date'])}`,
  },
  { table: 'children', event: 'update', touched: `select n.id from old_rows o join new_rows n on n.id = o.id where ${changedOn(['birth_date'])}` },
];
const TRUNCATED = ['placements', 'referral_children', 'referrals'];

const triggerName = (w: { table: string; event: string }) => `${TABLE}_${w.table}_${w.event}`;
const transitionTables = (event: Watch['event']) =>
  ({ insert: 'new table as new_rows', delete: 'old table as old_rows', update: 'old table as old_rows new table as new_rows' })[event];

function triggerStatements(): string[] {
  const statements: string[] = [];
  for (const w of WATCHES) {
    statements.push(`
create function ${triggerName(w)}() returns trigger language plpgsql as $$
begin
  perform ${TABLE}_refresh(array(${w.touched}));
  return null;
end
$$`);
    statements.push(
      `create trigger ${triggerName(w)} after ${w.event} on ${w.table} referencing ${transitionTables(w.event)} for each statement execute function ${triggerName(w)}()`,
    );
  }
  statements.push(`
create function ${TABLE}_truncate() returns trigger language plpgsql as $$
begin
  perform rollup_rebuild_impossible_birth_dates();
  return null;
end
$$`);
  for (const table of TRUNCATED) {
    statements.push(`create trigger ${triggerName({ table, event: 'truncate' })} after truncate on ${table} for each statement execute function ${TABLE}_truncate()`);
  }
  return statements;
}

/** `rollup_rebuild_impossible_birth_dates()` / `rollup_differences_impossible_birth_dates()`, joined to `rollup_rebuild()` / `rollup_differences()`. */
const MINE = 'impossible_birth_dates';
const CHAIN = joinRollupChain(MINE);
const FUNCTIONS = [
  `
create function rollup_rebuild_${MINE}() returns void language plpgsql as $$
begin
  lock table children, placements, referral_children, referrals in share mode;
  delete from ${TABLE};
  insert into ${TABLE} (child_id) select child_id from impossible_birth_date_children() order by child_id;
end
$$`,
  `
create function rollup_differences_${MINE}() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${storedAgainstComputed(TABLE, `select child_id from ${TABLE}`, 'select child_id from impossible_birth_date_children()')};
end
$$`,
  ...CHAIN.up,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ${TABLE} (
      id bigint generated always as identity primary key,
      child_id bigint not null constraint ${TABLE}_child_id_unique unique
        constraint ${TABLE}_child_id_foreign references children (id) on delete cascade,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  for (const statement of [RULE, ALL, REFRESH, ...FUNCTIONS, ...triggerStatements()]) await knex.raw(statement);
  await knex.raw(`select rollup_rebuild_${MINE}()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of CHAIN.down) await knex.raw(statement);
  for (const table of TRUNCATED) await knex.raw(`drop trigger ${triggerName({ table, event: 'truncate' })} on ${table}`);
  await knex.raw(`drop function ${TABLE}_truncate()`);
  for (const w of WATCHES) {
    await knex.raw(`drop trigger ${triggerName(w)} on ${w.table}`);
    await knex.raw(`drop function ${triggerName(w)}()`);
  }
  await knex.raw(`drop function ${TABLE}_refresh(bigint[])`);
  await knex.raw('drop function impossible_birth_date_children()');
  await knex.raw('drop function intake_date_impossible(date, date)');
  await knex.raw(`drop table ${TABLE}`);
}
