import type { Knex } from 'knex';
import { DatabaseError, type Client } from 'pg';
import QueryStream from 'pg-query-stream';
import { translateDatabaseError } from '../db/errors';

/**
 * streamQuery(knex, query, { batchSize }) → QueryRows (an AsyncIterable of rows)
 *
 * Streams a query's rows from PostgreSQL through a server-side cursor (pg-query-stream), so
 * memory stays flat however many rows there are. `query` is a knex query builder, a
 * `knex.raw(...)`, an Objection query builder, or `{ sql, bindings }` with `$1` placeholders.
 * Nothing runs until iteration starts.
 *
 * The query runs on a connection of its own, taken from knex's pool when iteration starts and
 * given back when the rows run out, when the consumer stops early (`break`, `return()`, e.g.
 * because the client went away; the cursor is closed first) or when the query fails — dropped
 * rather than reused when the failure was the connection's, not PostgreSQL's. Rows are parsed
 * with the same pg type parsers as every other query (dates stay `YYYY-MM-DD` strings), and
 * PostgreSQL's refusals become the same typed errors (server/db/errors.ts).
 *
 * The result also carries the query itself, so sendDownload can have PostgreSQL write a CSV
 * download directly (COPY, see copyCsv.ts) instead of turning rows into objects and back.
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

export interface NativeQuery {
  /** SQL with `$1` placeholders */
  sql: string;
  bindings: unknown[];
}

function nativeSql(query: StreamableQuery): NativeQuery {
  if ('toKnexQuery' in query) return nativeSql(query.toKnexQuery());
  if ('toSQL' in query && typeof query.toSQL === 'function') {
    const native = query.toSQL().toNative();
    return { sql: native.sql, bindings: [...native.bindings] };
  }
  const { sql, bindings } = query as { sql: string; bindings: readonly unknown[] };
  return { sql, bindings: [...bindings] };
}

type PooledClient = Client & { __knex__disposed?: unknown };

/** A query's rows, streamed when iterated; also the query, for a COPY. */
export class QueryRows<Row extends Record<string, unknown> = Record<string, unknown>> implements AsyncIterable<Row> {
  constructor(
    readonly knex: Knex,
    readonly query: NativeQuery,
    private readonly options: StreamQueryOptions = {},
  ) {}

  [Symbol.asyncIterator](): AsyncGenerator<Row, void, undefined> {
    return streamRows<Row>(this.knex, this.query, this.options);
  }
}

export function streamQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
  knex: Knex,
  query: StreamableQuery,
  options: StreamQueryOptions = {},
): QueryRows<Row> {
  return new QueryRows<Row>(knex, nativeSql(query), options);
}

/** Takes a connection from knex's pool for `work`; drops it instead of reusing it when `work` says so. */
export async function withConnection<T>(knex: Knex, work: (connection: Client, drop: (reason: unknown) => void) => Promise<T>): Promise<T> {
  const connection: PooledClient = await knex.client.acquireConnection();
  try {
    return await work(connection, (reason) => {
      connection.__knex__disposed = reason;
    });
  } catch (error) {
    throw translateDatabaseError(error);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function* streamRows<Row>(knex: Knex, query: NativeQuery, options: StreamQueryOptions): AsyncGenerator<Row, void, undefined> {
  const connection: PooledClient = await knex.client.acquireConnection();
  const stream = connection.query(new QueryStream(query.sql, query.bindings, { batchSize: options.batchSize ?? 1000 }));
  let broken: unknown = null;
  try {
    for await (const row of stream) yield row as Row;
  } catch (error) {
    // PostgreSQL's own errors leave the connection ready for the next query; anything else
    // (a lost socket, a protocol error) may not.
    if (!(error instanceof DatabaseError)) broken = error;
    throw translateDatabaseError(error);
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
