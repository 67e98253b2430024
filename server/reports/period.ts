import { addDays, daysBetween, endOfMonth, fiscalYearOf, isIsoDate, PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '../dates';
import { ValidationError, type FieldErrors } from '../errors';

/**
 * The parameters every report takes, validated once: the period (`from`/`to`, or a fiscal
 * preset), the grouping of its series and the organisation asked for. Dates stay
 * `YYYY-MM-DD` strings throughout; the arithmetic below works on UTC calendar days so no time
 * zone can shift a date.
 */
export type Group = 'month' | 'quarter';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Fiscal quarter (1–4) of a date: Q1 is April–June. */
function fiscalQuarterOf(date: string): number {
  const m = Number(date.slice(5, 7));
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
  return { period: start.slice(0, 7), label: `${MONTHS[Number(start.slice(5, 7)) - 1]} ${start.slice(0, 4)}`, start, end };
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
