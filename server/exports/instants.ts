/**
 * The one form of an instant in a download, CSV and XLSX alike: UTC to the second,
 * `2025-04-01 12:34:56` — what PostgreSQL writes for `date_trunc('second', t)::timestamp` in
 * UTC (copyCsv.ts, xlsxByCopy.ts), and what a spreadsheet reads as a date and time. In XLSX
 * dates and instants are serial numbers: days since 1899-12-30, the time as the fraction.
 */
export function instantText(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

/** A value of an `instant` column written row by row (a Date, or ISO text as the JSON API has it) in that form. */
export function instantCell(value: unknown): unknown {
  if (value instanceof Date) return instantText(value);
  if (typeof value !== 'string') return value;
  const instant = new Date(value);
  return Number.isFinite(instant.getTime()) ? instantText(instant) : value;
}

/** The SQL of an instant column `x` in that form (the COPY's transaction is in UTC). */
export function instantSql(x: string): string {
  return `date_trunc('second', ${x})::timestamp`;
}

const DAY_MS = 86_400_000;
/** 1970-01-01 as a spreadsheet's day number. */
const UNIX_EPOCH_SERIAL = 25_569;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

function serial(ms: number): number {
  return ms / DAY_MS + UNIX_EPOCH_SERIAL;
}

/** `YYYY-MM-DD` as a day number; null for any other text. */
export function dateSerial(text: string): number | null {
  const parts = DATE.exec(text);
  return parts ? serial(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]))) : null;
}

/** An instant (a Date, or UTC text `YYYY-MM-DD HH:MM:SS…`) to the second, as a day number with the time as its fraction. */
export function instantSerial(instant: Date | string): number | null {
  if (instant instanceof Date) return serial(Math.floor(instant.getTime() / 1000) * 1000);
  const parts = INSTANT.exec(instant);
  if (!parts) return null;
  const [, y, mo, d, h, mi, s] = parts.map(Number);
  return serial(Date.UTC(y, mo - 1, d, h, mi, s));
}
