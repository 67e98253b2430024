import type { Writable } from 'node:stream';
import { waitForDrain } from './backpressure';
import { copyOut, NUMBER_TYPES, quoteIdentifier } from './copyQuery';
import { CSV_BOM, csvRecord } from './csv';
import { instantSql } from './instants';
import type { QueryRows } from './queryStream';
import type { Column } from './send';

/**
 * A CSV download written by PostgreSQL itself: `COPY (select … from (<the list's query>) q)
 * TO STDOUT (FORMAT csv)`, streamed to the client as it comes. It gives the same file as the
 * row-by-row path (csv.ts), several times faster, because no row becomes a JS object:
 *   - text is neutralised in SQL as csv.ts does it (a leading ' before = + - @ tab CR);
 *   - dates are YYYY-MM-DD, booleans true/false, numeric as float8 (the numbers the JSON API
 *     sends), integers as they are;
 *   - instants are UTC to the second, `2025-04-01 12:34:56`, as in every download
 *     (instants.ts): PostgreSQL's own text of `date_trunc('second', t)::timestamp`, not
 *     to_char(), which would double the time of a large download (bench/README.md);
 *   - PostgreSQL ends records with LF: they become CRLF on the way (not line breaks inside
 *     quoted fields, which stay as stored);
 *   - an empty string is written "" (COPY tells it from a null, written as nothing).
 * The COPY itself (literals for the parameters, the transaction, abandonment) is copyQuery.ts.
 * Column names come from the caller (declarations), and are quoted as identifiers.
 */
/** First characters that make a spreadsheet run a cell: = + - @ tab CR. */
const FORMULA_FIRST_CODES = '61, 43, 45, 64, 9, 13';

/** How one column of a given type is written, as an SQL expression over `q`. */
function columnExpression(column: string, typeOid: number | undefined): string {
  const x = `q.${quoteIdentifier(column)}`;
  if (typeOid !== undefined && NUMBER_TYPES.has(typeOid)) return x;
  switch (typeOid) {
    case undefined:
      return 'null';
    case 16: // bool
      return `case when ${x} then 'true' when not ${x} then 'false' end`;
    case 1700: // numeric
      return `${x}::float8`;
    case 1082: // date (DateStyle ISO)
      return x;
    case 1114: // timestamp
    case 1184: // timestamptz (TimeZone UTC)
      return instantSql(x);
    default:
      return `case when ascii(${x}::text) in (${FORMULA_FIRST_CODES}) then '''' || ${x}::text else ${x}::text end`;
  }
}

/** Turns COPY's LF record ends into CRLF, keeping line breaks inside quoted fields. */
export function crlfRecords() {
  let inQuotes = false;
  return (chunk: Buffer): Buffer => {
    // Record ends: LFs outside quotes, found with native searches rather than byte by byte.
    const ends: number[] = [];
    let pos = 0;
    let quote = chunk.indexOf(34, 0);
    while (pos < chunk.length) {
      if (inQuotes) {
        if (quote === -1) break;
        inQuotes = false;
        pos = quote + 1;
        quote = chunk.indexOf(34, pos);
        continue;
      }
      const lf = chunk.indexOf(10, pos);
      if (quote !== -1 && (lf === -1 || quote < lf)) {
        inQuotes = true;
        pos = quote + 1;
        quote = chunk.indexOf(34, pos);
        continue;
      }
      if (lf === -1) break;
      ends.push(lf);
      pos = lf + 1;
    }
    if (ends.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      to += chunk.copy(out, to, from, lf);
      out[to++] = 13;
      out[to++] = 10;
      from = lf + 1;
    }
    chunk.copy(out, to, from);
    return out;
  };
}

/**
 * Streams `rows`' query as CSV to `out`. `begin` is called once the query is known to run
 * (its columns described), before the first byte: the place to set the response headers. A
 * query that fails before that throws as usual.
 */
export async function writeCsvByCopy(
  out: Writable,
  rows: QueryRows,
  columns: readonly Column[],
  options: { bom: boolean; begin: () => void },
): Promise<void> {
  const toCrlf = crlfRecords();
  await copyOut(rows, {
    format: 'csv',
    select: (types) => columns.map((c) => columnExpression(c.key, types.get(c.key))).join(', '),
    begin: () => {
      options.begin();
      out.write((options.bom ? CSV_BOM : '') + csvRecord(columns.map((c) => c.header)));
    },
    consume: async (chunk) => {
      if (!out.write(toCrlf(chunk))) await waitForDrain(out);
    },
    stopped: () => out.destroyed,
  });
}
