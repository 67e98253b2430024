import { addDays, daysBetween, endOfMonth, fiscalYearOf, PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '../dates';
import { ValidationError, type FieldErrors } from '../errors';
import { say, type Message } from '../messages';
import { compileCheck } from '../validation';

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

/** A month (`2025-04`) or a fiscal quarter (`FY2025-Q1`), as series periods are written. */
export const BUCKET_PATTERN = '^([0-9]{4}-(0[1-9]|1[0-2])|FY[0-9]{4}-Q[1-4])$';

/**
 * The bucket of the period named `period` (a month or a fiscal quarter, clipped to the
 * period as the series clip it), or undefined when the period has no such bucket.
 */
export function findBucket(from: string, to: string, period: string): Bucket | undefined {
  const group: Group = period.startsWith('FY') ? 'quarter' : 'month';
  return buckets(from, to, group).find((b) => b.period === period);
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

/** The period's parameters, as every report endpoint takes them. */
export const PERIOD_PARAMETERS = ['from', 'to', 'period', 'fiscal_year', 'group', 'organization_id'] as const;

/** An on/off query parameter (`bom`, `suppress_small`). */
export const FLAG_PARAMETER = { enum: ['0', '1', 'true', 'false'], 'x-message': say('field_flag') };
export const isOn = (flag: string | undefined) => flag === '1' || flag === 'true';

const ONCE = say('field_given_once');
/** A query-string parameter: one string, else `message` (a repeated parameter is an array). */
function parameter(schema: object, message: Message): object {
  return { type: 'string', ...schema, 'x-message': { type: ONCE, '*': message } };
}
const DATE_MESSAGE = say('field_real_date');

/** What each parameter must look like on its own; how they combine is checked below. */
export const PERIOD_PARAMETER_SCHEMAS: Record<(typeof PERIOD_PARAMETERS)[number], object> = {
  from: parameter({ format: 'date' }, DATE_MESSAGE),
  to: parameter({ format: 'date' }, DATE_MESSAGE),
  period: parameter({ enum: PERIOD_PRESETS }, say('field_one_of_capital', { values: PERIOD_PRESETS.join(', ') })),
  fiscal_year: parameter({ pattern: '^(19|2[0-9])[0-9]{2}$' }, say('field_fiscal_year_param')),
  group: parameter({ enum: GROUPS }, say('field_month_or_quarter')),
  organization_id: parameter({ pattern: '^[1-9][0-9]{0,14}$' }, say('field_positive_integer')),
};
const checkParameters = compileCheck<Partial<Record<(typeof PERIOD_PARAMETERS)[number], string>>>({
  type: 'object',
  properties: PERIOD_PARAMETER_SCHEMAS,
});

/**
 * Reads and checks the report parameters of a query string. Either `from` and `to`, or
 * `period` and `fiscal_year`; `group` defaults to `month`. Throws ValidationError naming each
 * bad field.
 */
export function parseReportParams(query: Query): ReportParams {
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
  const errors: FieldErrors = checkParameters.problems(given);
  const valid = (name: keyof typeof given) => (errors[name] === undefined ? (given[name] as string | undefined) : undefined);
  const [fromRaw, toRaw, presetRaw, yearRaw] = [valid('from'), valid('to'), valid('period'), valid('fiscal_year')];

  let from: string | undefined;
  let to: string | undefined;

  if (given.period !== undefined || given.fiscal_year !== undefined) {
    if (given.from !== undefined || given.to !== undefined) {
      errors.period = say('field_period_or_dates');
    }
    if (given.period === undefined) errors.period = say('field_year_needs_period');
    if (given.fiscal_year === undefined) errors.fiscal_year = say('field_period_needs_year');
    if (!errors.period && !errors.fiscal_year && presetRaw !== undefined && yearRaw !== undefined) {
      ({ from, to } = presetPeriod(presetRaw as PeriodPreset, Number(yearRaw)));
    }
  } else {
    if (given.from === undefined) errors.from = say('field_required_or_period');
    if (given.to === undefined) errors.to = say('field_required_or_period');
    if (fromRaw !== undefined && toRaw !== undefined) {
      if (fromRaw > toRaw) errors.to = say('field_after_from_capital');
      else if (daysBetween(fromRaw, toRaw) > MAX_PERIOD_DAYS) errors.to = say('field_ten_years');
      else [from, to] = [fromRaw, toRaw];
    }
  }

  if (Object.keys(errors).length > 0 || from === undefined || to === undefined) {
    throw new ValidationError(say('report_parameters_invalid'), errors);
  }
  const group = (valid('group') ?? 'month') as Group;
  const organizationId = valid('organization_id');
  return { from, to, group, organization_id: organizationId === undefined ? null : Number(organizationId) };
}
