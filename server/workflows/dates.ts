/**
 * Calendar arithmetic on "YYYY-MM-DD" strings. Dates never become local-time Dates, so a time
 * zone can never shift them; UTC is used only as a neutral calendar.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Today's date on the clock, as the job runner and the API read it (UTC). */
export function today(clock: () => Date): string {
  return clock().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(monthStart: string, months: number): string {
  const parsed = new Date(`${firstOfMonth(monthStart)}T00:00:00Z`);
  parsed.setUTCMonth(parsed.getUTCMonth() + months);
  return parsed.toISOString().slice(0, 10);
}

export function lastOfMonth(date: string): string {
  return addDays(addMonths(firstOfMonth(date), 1), -1);
}

/** The first day of every month from `start`'s month to `end`'s month, inclusive. */
export function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  for (let month = firstOfMonth(start); month <= firstOfMonth(end); month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The calendar date of an instant in a time zone (an incident at 23:00 in Vancouver is that day). */
export function dateInZone(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
