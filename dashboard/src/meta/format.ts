/**
 * Dates without time travel as "YYYY-MM-DD" strings and must stay so: never through
 * `new Date("YYYY-MM-DD")`, which is UTC midnight and shows the day before west of Greenwich.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export function intlLocale(locale: string): string {
  return locale === 'fr' ? 'fr-CA' : 'en-CA';
}

/**
 * One Intl formatter per locale and options, made on first use: making one costs far more than
 * formatting with it, and a chart's axes and tooltips format every tick on every render.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let format = formatters.get(key) as F | undefined;
  if (!format) formatters.set(key, (format = make()));
  return format;
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocale(locale), options));

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocale(locale), options));

/** A share 0–1 as a percentage: "25%". */
export function formatPercent(value: unknown, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(value));
}

/** A date input's value: the string as it came, cut to its date part. */
export function formatDateValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    return match ? match[0] : '';
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) return toIsoDate(value);
  return '';
}

/** What a date input gives the form: the same "YYYY-MM-DD" string, or null when empty or invalid. */
export function parseDateValue(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const match = ISO_DATE.exec(value);
  return match ? match[0] : null;
}

/** A local calendar date as "YYYY-MM-DD" (no time zone involved). */
export function toIsoDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The Date at local midnight of a "YYYY-MM-DD" string (for display only). */
export function localDate(value: string): Date | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function formatLocalDate(value: unknown, locale: string): string {
  if (typeof value !== 'string') return '';
  const date = localDate(value);
  if (!date) return value;
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/** "2025-06-01" or "2025-06" → "June 2025" / "juin 2025"; anything else (a quarter) as given. */
export function formatMonth(value: unknown, locale: string, month: 'long' | 'short' = 'long'): string {
  if (typeof value !== 'string') return '';
  const match = /^(\d{4})-(\d{2})(-\d{2})?$/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 1);
  return dateFormat(locale, { year: 'numeric', month }).format(date);
}

export function formatDateTime(value: unknown, locale: string): string {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatMoney(value: unknown, locale: string): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = Number(value);
  if (Number.isNaN(amount)) return '';
  return numberFormat(locale, { style: 'currency', currency: 'CAD' }).format(amount);
}

/** Large amounts in little room: "$8.4M", "8,4 M$". */
export function formatMoneyCompact(value: unknown, locale: string): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = Number(value);
  if (Number.isNaN(amount)) return '';
  if (Math.abs(amount) < 10_000) return formatMoney(amount, locale);
  return numberFormat(locale, {
    style: 'currency',
    currency: 'CAD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(amount);
}

export function formatNumber(value: unknown, locale: string, maximumFractionDigits = 1): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  return numberFormat(locale, { maximumFractionDigits }).format(n);
}

/** Money typed in a number input, kept to cents. */
export function parseMoney(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(n)) return null;
  return Math.round(n * 100) / 100;
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A month input (type="month") shows "YYYY-MM"; the record keeps the first day, "YYYY-MM-01". */
export function formatMonthValue(value: unknown): string {
  return typeof value === 'string' && /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : '';
}

export function parseMonthValue(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : null;
}
