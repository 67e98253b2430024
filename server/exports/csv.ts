/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a field quoted
 * (with inner quotes doubled) when it holds a comma, a quote, CR or LF. Spreadsheet users may
 * ask for a UTF-8 byte-order mark so Excel reads the accents.
 *
 * Formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a CR would be run
 * as a formula by a spreadsheet, so it gets a leading single quote (`'=1+1`). Numbers typed as
 * numbers (`-5`, `-0.25`) are data, not formulas, and are written as they are. Instants are
 * UTC to the second (`2025-04-01 12:34:56`, instants.ts), as the COPY path writes them.
 */
import { instantText } from './instants';

export const CSV_BOM = '\uFEFF';
export const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text a value stands for in a cell, before quoting. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return instantText(value);
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  const json = JSON.stringify(value);
  return FORMULA_START.test(json) ? `'${json}` : json;
}

/** One field, neutralised and quoted as needed. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + CRLF;
}
