import type { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { withConnection, type QueryRows } from './queryStream';

/**
 * A list's query sent out by PostgreSQL's COPY: `COPY (select <expressions> from (<query>) q)
 * TO STDOUT`, its chunks handed to `consume` as they come (awaited: back-pressure reaches the
 * database). The CSV and XLSX downloads of a `streamQuery(...)` both go this way
 * (copyCsv.ts, xlsxByCopy.ts): no row becomes a JS object.
 *
 * COPY takes no parameters, so the query's values are put in as literals by PostgreSQL's own
 * format('%L') before the COPY starts. `select` builds the expressions from the query's column
 * types (found with `limit 0`); `begin` is called once the query is known to run, before the
 * first chunk: the place to set the response headers. Inside the COPY's transaction dates are
 * ISO and instants in UTC.
 */
export interface CopyOptions {
  format: 'csv' | 'text';
  select: (types: ReadonlyMap<string, number>) => string;
  begin: () => void;
  consume: (chunk: Buffer) => Promise<void> | void;
  /** true once the receiver is gone: the COPY is abandoned */
  stopped: () => boolean;
}

/** PostgreSQL's integer and floating-point types (int8, int2, int4, oid, float4, float8): their text is a JS number's. */
export const NUMBER_TYPES: ReadonlySet<number> = new Set([20, 21, 23, 26, 700, 701]);

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The query with its `$n` parameters replaced by literals that PostgreSQL quoted itself. */
async function withLiterals(connection: Client, sql: string, bindings: unknown[]): Promise<string> {
  if (bindings.length === 0) return sql;
  const template = sql.replace(/%/g, '%%').replace(/\$(\d+)\b/g, '%$1$$L');
  const { rows } = await connection.query<{ sql: string }>('select format($1::text, variadic $2::text[]) as sql', [
    template,
    bindings.map((value) => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value))),
  ]);
  return rows[0].sql;
}

export async function copyOut(rows: QueryRows, options: CopyOptions): Promise<void> {
  await withConnection(rows.knex, async (connection, drop) => {
    const { sql, bindings } = rows.query;
    const described = await connection.query({ text: `select * from (${sql}) q limit 0`, values: bindings });
    const types = new Map(described.fields.map((f) => [f.name, f.dataTypeID]));
    const copy = `copy (select ${options.select(types)} from (${await withLiterals(connection, sql, bindings)}) q) to stdout with (format ${options.format})`;

    options.begin();
    await connection.query('begin');
    await connection.query(`set local timezone = 'UTC'`);
    await connection.query(`set local datestyle = 'ISO, YMD'`);
    const stream = connection.query(copyTo(copy));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (options.stopped()) break;
        await options.consume(chunk);
      }
      if (stream.readableEnded) await connection.query('commit');
    } finally {
      if (!stream.readableEnded) {
        // The receiver left in the middle of the COPY: the connection is mid-protocol.
        drop('download abandoned during COPY');
        stream.destroy();
        connection.end().catch(() => undefined);
      }
    }
  });
}
