import type { Writable } from 'node:stream';
import { copyOut, NUMBER_TYPES, quoteIdentifier } from './copyQuery';
import type { QueryRows } from './queryStream';
import { instantSql } from './instants';
import type { CellFormat, Column } from './send';
import { XlsxWriter } from './xlsx';

/**
 * The XLSX download of a `streamQuery(...)`, its rows read from PostgreSQL's COPY in text
 * format (copyQuery.ts) instead of a cursor: pg's row parsing, the type parsers (two instants
 * a row became JS Dates and back) and an object per row were most of the time of an XLSX of a
 * million referrals (bench/README.md). Each line is split here and its fields decoded by the
 * column's type to the values the row-by-row path gives — numbers and booleans typed, dates
 * as YYYY-MM-DD, instants as UTC text to the second (instants.ts), JSON as compact JSON text —
 * and handed to the same workbook writer (xlsx.ts), so both paths write the same file. A
 * column without a format of its own takes `date` or `instant` from its type.
 */
type Decode = (field: string) => unknown;

const text: Decode = (field) => field;
const number: Decode = (field) => {
  const value = Number(field);
  return Number.isFinite(value) ? value : null;
};
const boolean: Decode = (field) => field === 't';
const json: Decode = (field) => JSON.parse(field);

function decoderFor(typeOid: number | undefined): Decode {
  if (typeOid !== undefined && NUMBER_TYPES.has(typeOid)) return number;
  switch (typeOid) {
    case 16: // bool
      return boolean;
    case 1700: // numeric
      return number;
    case 114: // json
    case 3802: // jsonb
      return json;
    default:
      return text;
  }
}

/** dates and instants (timestamp, timestamptz) are written as such unless the column says otherwise */
function formatOf(typeOid: number | undefined): CellFormat | undefined {
  return typeOid === 1082 ? 'date' : typeOid === 1114 || typeOid === 1184 ? 'instant' : undefined;
}

/** COPY's text format escapes backslash, and these control characters, with a backslash. */
const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const unescape = (field: string) => (field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => ESCAPED[c] ?? c) : field);

export async function writeXlsxByCopy(
  out: Writable,
  rows: QueryRows,
  columns: readonly Column[],
  options: { sheetName: string; begin: () => void },
): Promise<void> {
  let workbook: XlsxWriter | null = null;
  let decoders: Decode[] = [];
  let typed: readonly Column[] = columns;
  let rest: Buffer | null = null;
  const values = (line: string): unknown[] => {
    const fields = line.split('\t');
    return decoders.map((decode, i) => (fields[i] === '\\N' ? null : decode(unescape(fields[i]))));
  };
  try {
    await copyOut(rows, {
      format: 'text',
      select: (types) => {
        decoders = columns.map((c) => decoderFor(types.get(c.key)));
        typed = columns.map((c) => ({ ...c, format: c.format ?? formatOf(types.get(c.key)) }));
        const present = columns.map((c) => {
          const x = `q.${quoteIdentifier(c.key)}`;
          const type = types.get(c.key);
          return type === undefined ? 'null' : type === 1114 || type === 1184 ? instantSql(x) : x;
        });
        return present.length ? present.join(', ') : 'null';
      },
      begin: () => {
        options.begin();
        workbook = new XlsxWriter(out, typed, options.sheetName);
      },
      consume: async (chunk) => {
        // Whole lines only: a chunk may end inside a line (and inside a UTF-8 character).
        const data = rest ? Buffer.concat([rest, chunk]) : chunk;
        const end = data.lastIndexOf(10);
        if (end === -1) {
          rest = data;
          return;
        }
        rest = end + 1 < data.length ? data.subarray(end + 1) : null;
        for (const line of data.toString('utf8', 0, end).split('\n')) {
          const behind = workbook!.add(values(line));
          if (behind) await behind;
          if (workbook!.failure) return;
        }
      },
      stopped: () => out.destroyed || (workbook?.failure ?? null) !== null,
    });
    await (workbook as XlsxWriter | null)!.finish();
  } catch (error) {
    if (!workbook) throw error;
    await (workbook as XlsxWriter).abort(error);
  }
}
