import { ValidationError, type FieldErrors } from '../errors';

/**
 * The parameters every report takes, validated once: the period (`from`/`to`, or a fiscal
 * preset), the grouping of its series and the organisation asked for. Dates stay
 * `YYYY-MM-DD` strings throughout; the arithmetic below works on UTC calendar days so no time
 * zone can shift a date.
 */
export type Group = 'month' | 'quarter';
export type PeriodPreset = 'q1' | 'q2' | 'q3' | 'q4' | 'interim' | 'final';

export const PERIOD_PRESETS: readonly PeriodPreset[] = ['q1', 'q2', 'q3', 'q4', 'interim', 'final'];
export const GROUPS: readonly Group[] = ['month', 'quarter'];

/** Longest period a report accepts: ten years keeps every series to a few hundred points. */
const MAX_PERIOD_DAYS = 3660;

export interface ReportParams {
  from: string;
  to: string;
  group: Group;
  /** the organisation asked for (before the caller's scope is applied) */
  organization_id: number | null;
}

/** One point of a series: a month or fiscal quarter, clipped to the period. */
export interface Bucket {
  /** `2025-04` for a month, `FY2025-Q1` for a fiscal quarter */
  period: string;
  /** `Apr 2025`, `Q1 2025-26` */
  label: string;
  /** first and last day of the bucket inside the period */
  start: string;
  end: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-29 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function toDayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(day: number): string {
  const t = new Date(day * DAY_MS);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to − from` in days (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Calendar months added, clipping to the month's last day as PostgreSQL's `date + interval` does. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export function endOfMonth(date: string): string {
  const [y, m] = parts(date);
  return format(y, m, daysInMonth(y, m));
}

/** The fiscal year (April 1 – March 31) containing `date`, named by the year it starts in. */
export function fiscalYearOf(date: string): number {
  const [y, m] = parts(date);
  return m >= 4 ? y : y - 1;
}

export function fiscalYearStart(date: string): string {
  return format(fiscalYearOf(date), 4, 1);
}

/** The dates a preset stands for in fiscal year N (April 1 N – March 31 N+1). */
export function presetPeriod(preset: PeriodPreset, fiscalYear: number): { from: string; to: string } {
  const n = fiscalYear;
  switch (preset) {
    case 'q1':
      return { from: format(n, 4, 1), to: format(n, 6, 30) };
    case 'q2':
      return { from: format(n, 7, 1), to: format(n, 9, 30) };
    case 'q3':
      return { from: format(n, 10, 1), to: format(n, 12, 31) };
    case 'q4':
      return { from: format(n + 1, 1, 1), to: format(n + 1, 3, 31) };
    case 'interim':
      return { from: format(n, 4, 1), to: format(n, 12, 31) };
    case 'final':
      return { from: format(n, 4, 1), to: format(n + 1, 3, 31) };
  }
}

/** Fiscal quarter (1–4) of a date: Q1 is April–June. */
function fiscalQuarterOf(date: string): number {
  const m = parts(date)[1];
  return Math.floor(((m + 8) % 12) / 3) + 1;
}

function fiscalQuarterEnd(date: string): string {
  const fy = fiscalYearOf(date);
  return presetPeriod(`q${fiscalQuarterOf(date)}` as PeriodPreset, fy).to;
}

/**
 * The months (or fiscal quarters) the period touches, in order, each clipped to the period:
 * a period starting on April 15 has a first month of April 15–30.
 */
export function buckets(from: string, to: string, group: Group): Bucket[] {
  const result: Bucket[] = [];
  let start = from;
  while (start <= to) {
    const naturalEnd = group === 'month' ? endOfMonth(start) : fiscalQuarterEnd(start);
    const end = naturalEnd < to ? naturalEnd : to;
    result.push(group === 'month' ? monthBucket(start, end) : quarterBucket(start, end));
    start = addDays(naturalEnd, 1);
  }
  return result;
}

function monthBucket(start: string, end: string): Bucket {
  const [y, m] = parts(start);
  return { period: start.slice(0, 7), label: `${MONTHS[m - 1]} ${y}`, start, end };
}

function quarterBucket(start: string, end: string): Bucket {
  const fy = fiscalYearOf(start);
  const q = fiscalQuarterOf(start);
  return {
    period: `FY${fy}-Q${q}`,
    label: `Q${q} ${fy}-${String((fy + 1) % 100).padStart(2, '0')}`,
    start,
    end,
  };
}

type Query = Record<string, unknown>;

function single(query: Query, name: string, errors: FieldErrors): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    errors[name] = 'Give this parameter once';
    return undefined;
  }
  return value;
}

function positiveInteger(value: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Reads and checks the report parameters of a query string. Either `from` and `to`, or
 * `period` and `fiscal_year`; `group` defaults to `month`. Throws ValidationError naming each
 * bad field.
 */
export function parseReportParams(query: Query): ReportParams {
  const errors: FieldErrors = {};
  const fromRaw = single(query, 'from', errors);
  const toRaw = single(query, 'to', errors);
  const presetRaw = single(query, 'period', errors);
  const yearRaw = single(query, 'fiscal_year', errors);
  const groupRaw = single(query, 'group', errors);
  const orgRaw = single(query, 'organization_id', errors);

  let from: string | undefined;
  let to: string | undefined;

  if (presetRaw !== undefined || yearRaw !== undefined) {
    if (fromRaw !== undefined || toRaw !== undefined) {
      errors.period = 'Give either from and to, or period and fiscal_year, not both';
    }
    if (presetRaw === undefined) {
      errors.period = 'A fiscal_year needs a period: q1, q2, q3, q4, interim or final';
    } else if (!PERIOD_PRESETS.includes(presetRaw as PeriodPreset)) {
      errors.period = 'Must be one of q1, q2, q3, q4, interim, final';
    }
    const year = yearRaw === undefined ? null : positiveInteger(yearRaw);
    if (yearRaw === undefined) {
      errors.fiscal_year = 'A period needs a fiscal_year, e.g. 2025 for April 2025 – March 2026';
    } else if (year === null || year < 1900 || year > 2999) {
      errors.fiscal_year = 'Must be a year between 1900 and 2999';
    }
    if (!errors.period && !errors.fiscal_year && year !== null) {
      ({ from, to } = presetPeriod(presetRaw as PeriodPreset, year));
    }
  } else {
    if (fromRaw === undefined) errors.from = 'Required (YYYY-MM-DD), or give period and fiscal_year';
    else if (!isIsoDate(fromRaw)) errors.from = 'Must be a real date written YYYY-MM-DD';
    if (toRaw === undefined) errors.to = 'Required (YYYY-MM-DD), or give period and fiscal_year';
    else if (!isIsoDate(toRaw)) errors.to = 'Must be a real date written YYYY-MM-DD';
    if (!errors.from && !errors.to && fromRaw !== undefined && toRaw !== undefined) {
      if (fromRaw > toRaw) errors.to = 'Must be on or after from';
      else if (daysBetween(fromRaw, toRaw) > MAX_PERIOD_DAYS) errors.to = 'The period may span at most ten years';
      else [from, to] = [fromRaw, toRaw];
    }
  }

  let group: Group = 'month';
  if (groupRaw !== undefined) {
    if (GROUPS.includes(groupRaw as Group)) group = groupRaw as Group;
    else errors.group = 'Must be month or quarter';
  }

  let organizationId: number | null = null;
  if (orgRaw !== undefined) {
    organizationId = positiveInteger(orgRaw);
    if (organizationId === null) errors.organization_id = 'Must be a positive integer';
  }

  if (Object.keys(errors).length > 0 || from === undefined || to === undefined) {
    throw new ValidationError('Invalid report parameters', errors);
  }
  return { from, to, group, organization_id: organizationId };
}
