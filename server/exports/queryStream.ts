import type { Knex } from 'knex';
import { DatabaseError, type Client } from 'pg';
import QueryStream from 'pg-query-stream';

/**
 * streamQuery(knex, query, { batchSize }) → AsyncGenerator of rows
 *
 * Streams a query's rows from PostgreSQL through a server-side cursor (pg-query-stream), so
 * memory stays flat however many rows there are. `query` is a knex query builder, a
 * `knex.raw(...)`, an Objection query builder, or `{ sql, bindings }` with `$1` placeholders.
 *
 * The query runs on a connection of its own, taken from knex's pool when iteration starts and
 * given back when the rows run out, when the consumer stops early (`break`, `return()`, e.g.
 * because the client went away; the cursor is closed first) or when the query fails — dropped
 * rather than reused when the failure was the connection's, not PostgreSQL's. Rows are parsed with the same pg type parsers as every other
 * query (dates stay `YYYY-MM-DD` strings).
 *
 *   for await (const row of streamQuery(knex, knex('referrals').orderBy('id'))) { ... }
 */
export type StreamableQuery =
  | Knex.QueryBuilder
  | Knex.Raw
  | { toKnexQuery: () => Knex.QueryBuilder }
  | { sql: string; bindings: readonly unknown[] };

export interface StreamQueryOptions {
  /** rows fetched per round trip (default 1000) */
  batchSize?: number;
}

function nativeSql(query: StreamableQuery): { sql: string; bindings: unknown[] } {
  if ('toKnexQuery' in query) return nativeSql(query.toKnexQuery());
  if ('toSQL' in query && typeof query.toSQL === 'function') {
    const native = query.toSQL().toNative();
    return { sql: native.sql, bindings: [...native.bindings] };
  }
  const { sql, bindings } = query as { sql: string; bindings: readonly unknown[] };
  return { sql, bindings: [...bindings] };
}

type PooledClient = Client & { __knex__disposed?: unknown };

export async function* streamQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
  knex: Knex,
  query: StreamableQuery,
  options: StreamQueryOptions = {},
): AsyncGenerator<Row, void, undefined> {
  const { sql, bindings } = nativeSql(query);
  const connection: PooledClient = await knex.client.acquireConnection();
  const stream = connection.query(new QueryStream(sql, bindings, { batchSize: options.batchSize ?? 1000 }));
  let broken: unknown = null;
  try {
    for await (const row of stream) yield row as Row;
  } catch (error) {
    // PostgreSQL's own errors leave the connection ready for the next query; anything else
    // (a lost socket, a protocol error) may not.
    if (!(error instanceof DatabaseError)) broken = error;
    throw error;
  } finally {
    // An early exit destroys the stream, which closes the cursor on the server; the
    // connection goes back to the pool only once that exchange is over.
    if (!stream.closed) {
      stream.destroy();
      await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    }
    if (broken) connection.__knex__disposed = broken;
    await knex.client.releaseConnection(connection);
  }
}
