/**
 * Calendar arithmetic on "YYYY-MM-DD" strings, for the server, the reports and the seeds alike.
 * Dates never become local-time Dates, so no time zone can shift them; UTC is used only as a
 * neutral calendar. Such strings also compare correctly as text. No imports.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** `YYYY-MM-DD` from a year, month (1–12) and day. */
export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toDayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(day: number): string {
  const t = new Date(day * DAY_MS);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function monthLength(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-29 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= monthLength(y, mo);
}

/** Today's date on the clock, as the job runner and the API read it (UTC). */
export function today(clock: () => Date): string {
  return clock().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to − from` in days (0 when equal, positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Calendar months added, clipping to the month's last day as PostgreSQL's `date + interval` does. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatDate(year, month, Math.min(d, monthLength(year, month)));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export function endOfMonth(date: string): string {
  const [y, m] = parts(date);
  return formatDate(y, m, monthLength(y, m));
}

/** Days in the month of `date`. */
export function daysInMonth(date: string): number {
  const [y, m] = parts(date);
  return monthLength(y, m);
}

/** The first day of every month from `from`'s month to `to`'s month, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = startOfMonth(from); month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

export function minDate(...dates: string[]): string {
  return dates.reduce((a, b) => (b < a ? b : a));
}

export function maxDate(...dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}

/** The fiscal year (April 1 – March 31) containing `date`, named by the year it starts in. */
export function fiscalYearOf(date: string): number {
  const [y, m] = parts(date);
  return m >= 4 ? y : y - 1;
}

/** April 1 of the fiscal year containing `date`. */
export function fiscalYearStart(date: string): string {
  return formatDate(fiscalYearOf(date), 4, 1);
}

/** The ministry's reporting periods within a fiscal year: quarters, interim (Q1–Q3), final. */
export type PeriodPreset = 'q1' | 'q2' | 'q3' | 'q4' | 'interim' | 'final';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['q1', 'q2', 'q3', 'q4', 'interim', 'final'];

/** The dates a preset stands for in fiscal year N (April 1 N – March 31 N+1). */
export function presetPeriod(preset: PeriodPreset, fiscalYear: number): { from: string; to: string } {
  const n = fiscalYear;
  switch (preset) {
    case 'q1':
      return { from: formatDate(n, 4, 1), to: formatDate(n, 6, 30) };
    case 'q2':
      return { from: formatDate(n, 7, 1), to: formatDate(n, 9, 30) };
    case 'q3':
      return { from: formatDate(n, 10, 1), to: formatDate(n, 12, 31) };
    case 'q4':
      return { from: formatDate(n + 1, 1, 1), to: formatDate(n + 1, 3, 31) };
    case 'interim':
      return { from: formatDate(n, 4, 1), to: formatDate(n, 12, 31) };
    case 'final':
      return { from: formatDate(n, 4, 1), to: formatDate(n + 1, 3, 31) };
  }
}

/** The calendar date of an instant in a time zone (an incident at 23:00 in Vancouver is that day). */
export function dateInZone(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole years from `birth` to `on` (a 29 February birthday is reached on 1 March in common years). */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
}
