import type { Knex } from 'knex';

/**
 * The readable `summary` of the audit rows written before it existed (migration
 * 20261202170000), computed from their `changes` as server/history/summary.ts writes it for new
 * rows: each field whose value differs between `before` and `after`, `field: before → after`
 * (a creation's fields `field: value`), system columns left out, a large text's digest by its
 * size, a value cut at 120 characters and the whole at 2,000. The fields come in alphabetical
 * order (those of `before` first), not the record's, and a list or an object is shown as jsonb
 * prints it. Written here, not imported: a migration records what was true. In batches by id,
 * so no statement holds the whole trail.
 */
const BATCH = 10_000;

const cut = (text: string, max: number) => `case when length(${text}) > ${max} then left(${text}, ${max - 1}) || '…' else ${text} end`;
const isDigest = (value: string) => `(jsonb_typeof(${value}) = 'object' and ${value} -> 'sha256' is not null)`;
const shown = (value: string) => `case when ${value} is null or ${value} in ('null'::jsonb, '""'::jsonb) then '—'
  when ${isDigest(value)} then coalesce((${value} ->> 'characters') || ' characters', (${value} ->> 'bytes') || ' bytes')
  when jsonb_typeof(${value}) = 'string' then ${value} #>> '{}' else ${value}::text end`;

const SUMMARY = `
  with fields as (
    select a.id, a.changes -> 'before' as b, k.name, k.n, a.changes -> 'before' -> k.name as bv, a.changes -> 'after' -> k.name as fv
      from audit_events a
      cross join lateral (
        select key as name, min(n) as n from (
          select key, 0 as n from jsonb_each(case when jsonb_typeof(a.changes -> 'before') = 'object' then a.changes -> 'before' else '{}' end)
          union all
          select key, 1 from jsonb_each(case when jsonb_typeof(a.changes -> 'after') = 'object' then a.changes -> 'after' else '{}' end)
        ) keys
        where key not in ('id', 'created_at', 'updated_at', 'version')
        group by key
      ) k
     where a.id > ? and a.id <= ? and a.summary is null and a.changes is not null
  ), parts as (
    select id, n, name,
           case when jsonb_typeof(b) is distinct from 'object' then name || ': ' || ${cut(shown('fv'), 120)}
                when ${isDigest('bv')} and ${isDigest('fv')} and bv -> 'characters' is not null and fv -> 'characters' is not null
                  then name || ': ' || (bv ->> 'characters') || ' → ' || (fv ->> 'characters') || ' characters'
                else name || ': ' || ${cut(shown('bv'), 120)} || ' → ' || ${cut(shown('fv'), 120)} end as part
      from fields
     where case when jsonb_typeof(b) is distinct from 'object' then ${shown('fv')} <> '—'
                when ${isDigest('bv')} and ${isDigest('fv')} then bv -> 'sha256' <> fv -> 'sha256'
                else coalesce(bv, 'null'::jsonb) <> coalesce(fv, 'null'::jsonb) end
  )
  update audit_events a
     set summary = ${cut('p.summary', 2000)}
    from (select id, string_agg(part, '; ' order by n, name) as summary from parts group by id) p
   where a.id = p.id`;

export async function up(knex: Knex): Promise<void> {
  const { max } = (await knex('audit_events').max('id as max').first()) as { max: string | number | null };
  for (let from = 0; from < Number(max ?? 0); from += BATCH) await knex.raw(SUMMARY, [from, from + BATCH]);
}

export async function down(): Promise<void> {}
