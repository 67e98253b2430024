import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { idsInScope } from '../access/scope';
import { compiled, joinSql, sql, trusted, type Sql } from '../db/sql';
import { findResource } from './registry';

/**
 * A declared resource's scope as a condition for SQL written by hand: `inScope(column)` is
 * `<column> = any(array(<ids of the resource the viewer may see>))` for each viewer (all must
 * see a row), or `true` when every viewer sees every row. The compliance rules and the
 * data-quality checks narrow their records with it, exactly as the resource's list would.
 */
export function resourceScopeSql(knex: Knex, resource: string, viewers: readonly CurrentUser[]): (column: string) => Sql {
  const declaration = findResource(resource);
  if (!declaration) throw new Error(`No declared resource ${resource}`);
  const subqueries = viewers.map((viewer) => idsInScope(knex, declaration.model, declaration.scope, viewer)).filter((ids) => ids !== null);
  return (column) =>
    subqueries.length ? joinSql(subqueries.map((ids) => sql`${trusted(column)} = any(array(${compiled(ids)}))`), ' and ') : trusted('true');
}
