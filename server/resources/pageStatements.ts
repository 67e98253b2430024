import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { clockOf } from '../db/clock';
import { today } from '../dates';
import type { ListParams } from './listQuery';
import type { ResourceDeclaration } from './types';

/**
 * The compiled statement of a list page, kept for the next request that asks for the same page.
 * Building it — the scope, the filters, the sort, the child's name, through Objection and knex's
 * compiler — was about an eighth of the server's CPU per scoped list request at 20 connections
 * (bench/README.md), for a statement that only its inputs decide: the declaration, the user (the
 * scope reads nothing else of the request), today (the only instant a scope or filter binds:
 * `TODAY` in server/access/scope.ts, childName.ts) and the page's parameters. Those make the key,
 * so a statement is only ever reused for the very user and day it was built for; its bindings are
 * kept with it and it runs through the same knex client (cancellation, error translation and the
 * write counter apply as before).
 */
/** At most this many statements (a few kB each) for all lists together, the oldest dropped first. */
const MAX_STATEMENTS = 1_000;

const statements = new Map<string, Knex.Sql>();

/** A number per declaration object, not its name: an app built with other declarations (tests do) keeps its own. */
const serials = new WeakMap<ResourceDeclaration, number>();
let lastSerial = 0;

function keyOf(knex: Knex, declaration: ResourceDeclaration, user: CurrentUser, params: ListParams): string {
  let serial = serials.get(declaration);
  if (serial === undefined) serials.set(declaration, (serial = (lastSerial += 1)));
  return JSON.stringify([serial, user, today(clockOf(knex)), params.filter, params.sort, params.range]);
}

/** A statement that knex.raw reads back exactly as compiled (a literal `?` in it would not be). */
function rebuildable(knex: Knex, compiled: Knex.Sql): boolean {
  return knex.raw(compiled.sql, compiled.bindings).toSQL().toNative().sql === compiled.toNative().sql;
}

/** The rows of the page `build()` compiles, compiling it only when this page was not kept. */
export async function runPageStatement<Row>(knex: Knex, declaration: ResourceDeclaration, user: CurrentUser, params: ListParams, build: () => Knex.QueryBuilder): Promise<Row[]> {
  const key = keyOf(knex, declaration, user, params);
  let compiled = statements.get(key);
  if (!compiled) {
    const query = build();
    compiled = query.toSQL();
    if (!rebuildable(knex, compiled)) return (await query) as Row[];
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
    statements.set(key, compiled);
  }
  const { rows } = await knex.raw<{ rows: Row[] }>(compiled.sql, compiled.bindings);
  return rows;
}
