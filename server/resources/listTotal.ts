import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import { ValidationError } from '../errors';
import { say } from '../messages';
import type { AnyRow, ResourceDeclaration } from './types';

/**
 * The total a list page answers with, when the engine counts apart from the page (lists not
 * narrowed to an id list: a global reader's, an organisation's). An exact `count(*)` reads
 * every matching row — a million children for the ministry's list, 50 ms of both cores per
 * request — to print a number nobody pages to the end of. So the count stops after
 * TOTAL_CAP + 1 rows: up to TOTAL_CAP the total is exact; beyond it the answer says
 * "more than TOTAL_CAP" (`capped`), which ra-data-simple-rest pages with as TOTAL_CAP
 * (docs/api.md). `?exact_total=1` asks for the exact count.
 *
 * The capped count runs inside the page's statement (a scalar subquery, computed once), so a
 * page is one round trip; a list just found to be over the cap is not counted again for a few
 * seconds (below).
 */
export const TOTAL_CAP = 10_000;

/** Sent with `true` when the total in Content-Range is TOTAL_CAP and there are more rows. */
export const TOTAL_CAPPED_HEADER = 'X-Total-Capped';

/** The column the page's statement carries its total in (never sent to the client). */
export const TOTAL_COLUMN = '__list_total';

export interface ListPage {
  rows: AnyRow[];
  total: number;
  start: number;
  /** true when there are more than `total` rows (the count stopped at TOTAL_CAP) */
  capped: boolean;
}

/** `exact_total=1` (or `true`) asks for the exact total; `0`/`false`/absent for the bounded one. */
export function parseExactTotal(query: Record<string, unknown>): boolean {
  const value = query.exact_total;
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ValidationError(say('exact_total_flag'), { exact_total: say('field_one_or_zero') });
}

/**
 * Lists known to hold more than TOTAL_CAP rows, by database and count query, and when that
 * was counted. A list that had 10,001 rows a moment ago very likely still has: for
 * CAPPED_MEMORY_MS its pages are read without counting again (the count was most of a page's
 * cost at a million rows). The price: for at most that long after enough rows were deleted to
 * bring a list under the cap, it still says "more than TOTAL_CAP". A short page always ends
 * the list exactly, whatever is remembered.
 */
const CAPPED_MEMORY_MS = 5_000;
const CAPPED_MEMORY_ENTRIES = 1_000;
const cappedLists = new WeakMap<object, Map<string, number>>();

function rememberedCapped(knex: object, key: string): boolean {
  const countedAt = cappedLists.get(knex)?.get(key);
  if (countedAt === undefined) return false;
  if (performance.now() - countedAt < CAPPED_MEMORY_MS) return true;
  cappedLists.get(knex)!.delete(key);
  return false;
}

function rememberCapped(knex: object, key: string, capped: boolean): void {
  let lists = cappedLists.get(knex);
  if (!capped) {
    lists?.delete(key);
    return;
  }
  if (!lists) cappedLists.set(knex, (lists = new Map()));
  if (lists.size >= CAPPED_MEMORY_ENTRIES) lists.delete(lists.keys().next().value as string);
  lists.set(key, performance.now());
}

/**
 * The page `[start, end]` of `qb` (filtered, scoped, sorted, its columns selected) with its total: exact when
 * `exact`, otherwise counted up to TOTAL_CAP + 1 rows. `present` shapes each row for the client.
 */
export async function pageWithTotal(
  declaration: ResourceDeclaration,
  qb: QueryBuilder<Model, Model[]>,
  range: [number, number],
  exact: boolean,
  present: (row: Record<string, unknown>) => AnyRow,
): Promise<ListPage> {
  const [start, end] = range;
  const size = end - start + 1;
  if (exact) {
    const { results, total } = await qb.range(start, end);
    return { rows: results.map((r) => present(r as unknown as Record<string, unknown>)), total, start, capped: false };
  }
  const knex = qb.knex();
  const counted = qb.clone().clearSelect().clearOrder().select(qb.modelClass().raw('1')).limit(TOTAL_CAP + 1);
  const countSql = counted.toKnexQuery().toSQL();
  const key = `${countSql.sql}\u0000${JSON.stringify(countSql.bindings)}`;
  const knownCapped = rememberedCapped(knex, key);
  // `qb` selects its columns already (large texts as their preview and length): only the count is added.
  if (!knownCapped) qb.select(qb.modelClass().raw(`(select count(*) from (?) as counted) as ??`, [counted.toKnexQuery(), TOTAL_COLUMN]));
  const page = qb.offset(start).limit(size);
  // Plain rows where the model's JSON handling is not needed (code-keyed lookups need it:
  // their JSON gains `id` = code, BaseModel), as on the engine's id-list path.
  const results: Record<string, unknown>[] = declaration.model.idColumn === 'id' ? await page.toKnexQuery() : ((await page) as unknown as Record<string, unknown>[]);
  const rows = results.map((result) => {
    const json = present(result);
    delete json[TOTAL_COLUMN];
    return json;
  });
  if (results.length > 0 && results.length < size) {
    // The last page: the total is where it ends.
    rememberCapped(knex, key, start + results.length > TOTAL_CAP);
    return { rows, total: start + results.length, start, capped: false };
  }
  // A page past the end has no row to carry the count: only then is it counted on its own.
  let count: number;
  if (results.length === 0) count = start === 0 ? 0 : await countOnly(knex, counted);
  else count = knownCapped ? TOTAL_CAP + 1 : Number(results[0][TOTAL_COLUMN]);
  rememberCapped(knex, key, count > TOTAL_CAP);
  if (count <= TOTAL_CAP) return { rows, total: count, start, capped: false };
  // More than TOTAL_CAP: at least the rows up to this full page, when it is past the cap.
  return { rows, total: results.length ? Math.max(TOTAL_CAP, start + results.length) : TOTAL_CAP, start, capped: true };
}

async function countOnly(knex: Knex, counted: QueryBuilder<Model, Model[]>): Promise<number> {
  const { rows } = await knex.raw('select count(*) as n from (?) as counted', [counted.toKnexQuery()]);
  return Number(rows[0].n);
}
