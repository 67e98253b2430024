import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { mayDo, scopedQuery } from '../resources/engine';
import type { ResourceDeclaration } from '../resources/types';
import type { ImportRowError } from '../../contract/imports';
import { say, type Message } from '../messages';
import { cellError } from './cellError';
import type { KeyedCell } from './mapping';

/**
 * References named by a natural key (`naturalKey` on the referenced declaration: a contract's
 * number, a user's email) turned into ids, among the records the importer may see — a record
 * out of scope is "no such record", as for a reference by id. Looked up once per distinct
 * value per import, a batch of rows at a time.
 */
type Found = { id: number | string } | { problem: Message };

export interface KeyedRow {
  row: number;
  body: Record<string, unknown>;
  keyed: KeyedCell[];
  errors: ImportRowError[];
}

export function naturalKeyLookup(resources: readonly ResourceDeclaration[], user: CurrentUser, trx: Knex.Transaction) {
  const found = new Map<string, Found>();
  const cacheKey = (resource: string, value: string, caseInsensitive: boolean) => `${resource}\u0000${caseInsensitive ? value.toLowerCase() : value}`;

  async function lookUp(target: ResourceDeclaration, values: string[]) {
    const { field, caseInsensitive = false } = target.naturalKey!;
    const table = target.model.tableName;
    const idColumn = target.model.idColumn as string;
    const column = `${table}.${field}`;
    const qb = scopedQuery(target, user, trx);
    if (caseInsensitive) qb.whereRaw(`lower(??) = any(?)`, [column, values.map((v) => v.toLowerCase())]);
    else qb.whereIn(column, values);
    const rows = (await qb.select(`${table}.${idColumn} as id`, `${column} as key`).toKnexQuery()) as { id: number | string; key: string }[];
    const ids = new Map<string, (number | string)[]>();
    for (const row of rows) {
      const key = cacheKey(target.name, String(row.key), caseInsensitive);
      ids.set(key, [...(ids.get(key) ?? []), row.id]);
    }
    for (const value of values) {
      const key = cacheKey(target.name, value, caseInsensitive);
      const matches = ids.get(key) ?? [];
      found.set(
        key,
        matches.length === 1
          ? { id: matches[0] }
          : { problem: say(matches.length ? 'import_keyed_ambiguous' : 'import_no_such_keyed', { records: target.name, fields: field, value }) },
      );
    }
  }

  /** Sets each row's keyed fields to the ids found, or adds an error naming the value. */
  return async function resolve(rows: readonly KeyedRow[]): Promise<void> {
    const wanted = new Map<ResourceDeclaration, Set<string>>();
    for (const row of rows) {
      for (const cell of row.keyed) {
        const target = resources.find((r) => r.name === cell.resource)!;
        if (!mayDo(target, user, 'read')) continue;
        if (found.has(cacheKey(target.name, cell.value, target.naturalKey?.caseInsensitive ?? false))) continue;
        wanted.set(target, (wanted.get(target) ?? new Set()).add(cell.value));
      }
    }
    for (const [target, values] of wanted) await lookUp(target, [...values]);
    for (const row of rows) {
      for (const cell of row.keyed) {
        const target = resources.find((r) => r.name === cell.resource)!;
        const result = mayDo(target, user, 'read')
          ? found.get(cacheKey(target.name, cell.value, target.naturalKey?.caseInsensitive ?? false))!
          : { problem: say('import_may_not_read', { records: target.name }) };
        if ('id' in result) row.body[cell.field] = result.id;
        else row.errors.push(cellError(row.row, cell.field, cell.column, result.problem));
      }
    }
  };
}
