import type { Response } from 'express';
import type { ReadSource } from '../db/readRouting';
import { CSV_BOM, csvRecord } from './csv';
import { waitForDrain } from './backpressure';
import { instantCell } from './instants';
import { writeCsvByCopy } from './copyCsv';
import { QueryRows } from './queryStream';
import { writeXlsx } from './xlsx';
import { writeXlsxByCopy } from './xlsxByCopy';

/**
 * sendDownload(res, { filename, format, columns, rows, bom? }) → Promise<void>
 *
 * Streams `rows` to the client as a CSV (RFC 4180, optional UTF-8 BOM, formula-like text
 * neutralised — see csv.ts) or XLSX download (one worksheet, see xlsx.ts), with
 * Content-Type and Content-Disposition set. `columns` says which keys of each row go out, in
 * which order, under which header. `rows` is any async iterable — `streamQuery(...)` for a
 * list, an array for a report's table.
 *
 * When `rows` is a `streamQuery(...)`, PostgreSQL sends the rows by COPY: it writes a CSV
 * itself (copyCsv.ts), and an XLSX is written from its text lines (xlsxByCopy.ts) — the same
 * files, several times faster. Otherwise rows are written one by one. Either way the query starts before any header is sent, so a query that fails at once
 * still reaches the error middleware as a normal error. After that, a failure can only cut the
 * download short (the connection is destroyed, never a half-file that looks whole).
 * Back-pressure: writing waits for 'drain'. When the client goes away, iteration stops, which
 * releases a streamQuery's connection.
 *
 *   await sendDownload(res, { filename: 'referrals', format: 'csv',
 *     columns: [{ key: 'id', header: 'id' }], rows: streamQuery(knex, query), bom: true });
 */
export type DownloadFormat = 'csv' | 'xlsx';

export interface Column {
  key: string;
  header: string;
  /**
   * XLSX only: a date (`YYYY-MM-DD`), an instant or an amount of money, written as a number
   * with that number format; without it a COPY download takes dates and instants from the
   * column's type, and every other value is written as it is.
   */
  format?: CellFormat;
}

export type CellFormat = 'date' | 'instant' | 'money';

export interface DownloadOptions {
  /** file name without extension; the extension follows the format */
  filename: string;
  format: DownloadFormat;
  columns: readonly Column[];
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  /** CSV only: start with a UTF-8 byte-order mark (Excel) */
  bom?: boolean;
  /** XLSX only: the worksheet's name (default: the file name) */
  sheetName?: string;
  /** where the rows were read (server/db/readRouting.ts): sent as X-Read-From, X-Data-As-Of and X-Read-Note */
  source?: Pick<ReadSource, 'read_from' | 'data_as_of' | 'read_note'>;
}

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** CSV text is sent in chunks of about this many characters. */
const CSV_CHUNK = 64 * 1024;

export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function setHeaders(res: Response, options: DownloadOptions): void {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[options.format]);
  res.setHeader('Content-Disposition', contentDisposition(`${options.filename}.${options.format}`));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (options.source) setReadHeaders(res, options.source);
}

/** Where an answer that is not JSON with these fields was read: X-Read-From, X-Data-As-Of, X-Read-Note. */
export function setReadHeaders(res: Response, source: Pick<ReadSource, 'read_from' | 'data_as_of' | 'read_note'>): void {
  res.setHeader('X-Read-From', source.read_from);
  res.setHeader('X-Data-As-Of', source.data_as_of);
  if (source.read_note) res.setHeader('X-Read-Note', source.read_note);
}

export async function sendDownload(res: Response, options: DownloadOptions): Promise<void> {
  if (options.rows instanceof QueryRows) {
    let begun = false;
    const begin = () => {
      begun = true;
      setHeaders(res, options);
    };
    try {
      if (options.format === 'csv') await writeCsvByCopy(res, options.rows, options.columns, { bom: options.bom ?? false, begin });
      else await writeXlsxByCopy(res, options.rows, options.columns, { sheetName: options.sheetName ?? options.filename, begin });
      if (!res.destroyed) res.end();
    } catch (error) {
      if (!begun) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
    return;
  }

  const iterator = toAsyncIterator(options.rows);
  const first = await iterator.next();
  const rows = prepend(first, iterator);
  setHeaders(res, options);
  try {
    if (options.format === 'csv') await writeCsv(res, options.columns, rows, options.bom ?? false);
    else await writeXlsx(res, options.columns, rows, options.sheetName ?? options.filename);
    if (!res.destroyed) res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    await iterator.return?.();
  }
}

async function writeCsv(
  res: Response,
  columns: readonly Column[],
  rows: AsyncIterable<Record<string, unknown>>,
  bom: boolean,
): Promise<void> {
  const cell = columns.map((c) => (c.format === 'instant' ? (row: Record<string, unknown>) => instantCell(row[c.key]) : (row: Record<string, unknown>) => row[c.key]));
  let chunk = (bom ? CSV_BOM : '') + csvRecord(columns.map((c) => c.header));
  for await (const row of rows) {
    chunk += csvRecord(cell.map((value) => value(row)));
    if (chunk.length >= CSV_CHUNK) {
      const more = res.write(chunk);
      chunk = '';
      if (!more) await waitForDrain(res);
      if (res.destroyed) return;
    }
  }
  if (chunk.length > 0) res.write(chunk);
}

function toAsyncIterator<T>(rows: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in rows) return (rows as AsyncIterable<T>)[Symbol.asyncIterator]();
  const sync = (rows as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async (value?: unknown) => sync.return?.(value as T) ?? { done: true, value: value as T },
  };
}

/** The rows again, starting with the one already read; stops the source when the consumer stops. */
async function* prepend<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
