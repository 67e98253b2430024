import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import type { Row } from 'exceljs';
import type { ImportFormat } from '../../contract/imports';
import { ValidationError } from '../errors';
import { say, type Message } from '../messages';
import { UnsupportedFileError } from '../files/sniff';

/**
 * An import's file as rows of cells, streamed from disk: CSV through csv-parse (UTF-8, with or
 * without a byte-order mark, separated by commas, semicolons or tabs — whichever the header
 * line uses), XLSX through exceljs' streaming reader (its first worksheet). The first row is
 * the header; blank rows are skipped. `row` is the spreadsheet's row number, the header being
 * row 1 (a CSV opened in a spreadsheet shows the same numbers).
 */
export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  row: number;
  cells: Cell[];
}

export interface TableReader {
  format: ImportFormat;
  columns: string[];
  /** the data rows after the header, read once */
  rows: AsyncIterable<TableRow>;
  /** the share of the file read so far, 0 to 1 */
  fraction(): number;
  close(): void;
}

/** A record longer than this (in characters) is refused: a cell of a row, not a document. */
const MAX_RECORD_CHARACTERS = 4 * 1024 * 1024;

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function head(path: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The separator the header line uses most, outside quotes. */
function separatorOf(sample: string): string {
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/**
 * A CSV must be UTF-8 throughout (csv-parse would read other bytes as U+FFFD): checked over the
 * whole file before its first row is read, so a file that is not is refused as a whole.
 */
async function checkUtf8(path: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
  } catch {
    throw new ValidationError(say('import_not_utf8'), { file: say('field_not_utf8') });
  }
}

const isBlank = (cells: readonly Cell[]) => cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));

async function* csvRecords(path: string, counted: (bytes: number) => void, streams: { destroy(): void }[]): AsyncGenerator<TableRow> {
  await checkUtf8(path);
  const delimiter = separatorOf((await head(path, 64 * 1024)).toString('utf8'));
  const file = fs.createReadStream(path);
  file.on('data', (chunk) => counted(chunk.length));
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: MAX_RECORD_CHARACTERS });
  streams.push(file, parser);
  file.on('error', (error) => parser.destroy(error)).pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
      yield { row: info.records + info.empty_lines, cells: record };
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(csvProblem(error), { file: say('field_bad_csv') });
  }
}

/**
 * What csv-parse refused, by its error code and the row (and column) it stopped in, in the
 * catalogue's words rather than the library's English. The row is numbered as the import's
 * rows are (the header is row 1, blank lines count); a column is the cell's position from 1.
 */
function csvProblem(error: unknown): Message {
  const found = error instanceof CsvError ? (error as CsvError & { records?: number; empty_lines?: number; column?: number | string }) : null;
  const row = (found?.records ?? 0) + (found?.empty_lines ?? 0) + 1;
  const column = typeof found?.column === 'number' ? found.column + 1 : String(found?.column ?? '');
  switch (found?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return say('import_csv_quote_not_closed', { row });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return say('import_csv_closing_quote', { row, column });
    case 'INVALID_OPENING_QUOTE':
      return say('import_csv_opening_quote', { row, column });
    case 'CSV_MAX_RECORD_SIZE':
      return say('import_csv_row_too_long', { row, limit: MAX_RECORD_CHARACTERS });
    default:
      return say('import_bad_csv', { row });
  }
}

/** An XLSX cell's value as a plain value: rich text as its text, a formula as its result, a link as its text. */
function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const object = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (object.richText) return object.richText.map((part) => part.text).join('');
  if ('result' in object) return plainCell(object.result);
  if (object.text !== undefined) return plainCell(object.text);
  if (object.error) return object.error;
  return String(value);
}

async function* xlsxRecords(path: string, counted: (bytes: number) => void, streams: { destroy(): void }[]): AsyncGenerator<TableRow> {
  // loaded on first use (before the file flows): exceljs takes a moment to load, and only an XLSX import needs it
  const { default: ExcelJS } = await import('exceljs');
  const file = fs.createReadStream(path);
  file.on('data', (chunk) => counted(chunk.length));
  streams.push(file);
  // Styles are read so that a date cell comes as a date rather than as its serial number.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<Row>) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i += 1) cells.push(plainCell(values[i]));
        yield { row: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(say('import_bad_xlsx'), { file: say('field_bad_xlsx') });
  }
}

function headerNames(cells: readonly Cell[]): string[] {
  const names = cells.map((cell) => (cell instanceof Date ? cell.toISOString() : String(cell ?? '')).trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name && seen.has(name)) throw new ValidationError(say('import_column_twice', { name }), { file: say('field_column_twice', { name }) });
    seen.add(name);
  }
  if (!names.some(Boolean)) throw new ValidationError(say('import_no_header'), { file: say('field_no_header') });
  return names;
}

export async function openTable(path: string, bytes: number): Promise<TableReader> {
  const start = await head(path, 64 * 1024);
  const format: ImportFormat = start.subarray(0, 4).equals(ZIP_SIGNATURE) ? 'xlsx' : 'csv';
  // text never holds a NUL byte: a program, an image or another binary file is not CSV
  if (format === 'csv' && start.includes(0)) throw new UnsupportedFileError(say('file_not_csv_or_xlsx'));
  let read = 0;
  const counted = (n: number) => {
    read += n;
  };
  const streams: { destroy(): void }[] = [];
  const records = (format === 'xlsx' ? xlsxRecords : csvRecords)(path, counted, streams);
  const close = () => {
    void records.return(undefined);
    for (const stream of streams) stream.destroy();
  };
  let first = await records.next();
  while (!first.done && isBlank(first.value.cells)) first = await records.next();
  if (first.done) {
    close();
    throw new ValidationError(say('import_no_rows'), { file: say('field_file_empty') });
  }
  let columns: string[];
  try {
    columns = headerNames(first.value.cells);
  } catch (error) {
    close();
    throw error;
  }
  async function* rows(): AsyncGenerator<TableRow> {
    for (let next = await records.next(); !next.done; next = await records.next()) {
      if (!isBlank(next.value.cells)) yield next.value;
    }
  }
  return { format, columns, rows: rows(), fraction: () => (bytes ? Math.min(1, read / bytes) : 1), close };
}
