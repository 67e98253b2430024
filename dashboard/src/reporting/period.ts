import { endOfMonth, fiscalYearOf, presetPeriod as presetRange } from '../../../server/dates';
import { toIsoDate } from '../meta/format';

/**
 * Reporting periods. Fiscal years run April 1 – March 31 and are named by the year they
 * start in (fiscal year 2025 = 2025-04-01 … 2026-03-31). Interim is April 1 – December 31
 * (year to date at the end of Q3); final is the whole year.
 */
export const PRESETS = ['q1', 'q2', 'q3', 'q4', 'interim', 'final', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

export interface PeriodState extends DateRange {
  fiscalYear: number;
  preset: Preset;
  organizationId: number | null;
}

/** The fiscal calendar is the server's (server/dates.ts), so a preset means the same dates on both sides. */
export { fiscalYearOf, presetPeriod as presetRange } from '../../../server/dates';

/** "2025–26" */
export function fiscalYearLabel(fiscalYear: number): string {
  return `${fiscalYear}–${String((fiscalYear + 1) % 100).padStart(2, '0')}`;
}

/** The fiscal years offered: the current one and the five before it. */
export function fiscalYearChoices(today: string, count = 6): number[] {
  const current = fiscalYearOf(today);
  return Array.from({ length: count }, (_, i) => current - i);
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function isPreset(value: string | null): value is Preset {
  return value !== null && (PRESETS as readonly string[]).includes(value);
}

/** The period a view starts on when its URL names none: a preset of a fiscal year (null: the current one). */
export interface PeriodDefault {
  preset: Exclude<Preset, 'custom'>;
  fiscal_year: number | null;
}

/**
 * The period from the URL (?fy=2025&period=q2, or ?period=custom&from=…&to=…, and &org=3).
 * Missing or malformed values fall back to `fallback`, by default the whole current fiscal year.
 */
export function readPeriod(
  params: URLSearchParams,
  today: string = toIsoDate(new Date()),
  fallback: PeriodDefault = { preset: 'final', fiscal_year: null },
): PeriodState {
  const fyParam = Number(params.get('fy'));
  const fiscalYear = Number.isInteger(fyParam) && fyParam > 1900 ? fyParam : (fallback.fiscal_year ?? fiscalYearOf(today));
  const presetParam = params.get('period');
  const org = Number(params.get('org'));
  const organizationId = Number.isInteger(org) && org > 0 ? org : null;
  const from = params.get('from');
  const to = params.get('to');
  if (presetParam === 'custom' && from && to && ISO.test(from) && ISO.test(to) && from <= to) {
    return { fiscalYear: fiscalYearOf(from), preset: 'custom', from, to, organizationId };
  }
  const preset = isPreset(presetParam) && presetParam !== 'custom' ? presetParam : fallback.preset;
  return { fiscalYear, preset, ...presetRange(preset, fiscalYear), organizationId };
}

/** Every URL parameter a period is written in. */
export const PERIOD_PARAMS = ['fy', 'period', 'from', 'to', 'org'] as const;

/** The URL parameters of a period (the inverse of readPeriod). */
export function writePeriod(state: Pick<PeriodState, 'fiscalYear' | 'preset' | 'from' | 'to' | 'organizationId'>): Record<string, string> {
  const params: Record<string, string> =
    state.preset === 'custom'
      ? { period: 'custom', from: state.from, to: state.to }
      : { fy: String(state.fiscalYear), period: state.preset };
  if (state.organizationId) params.org = String(state.organizationId);
  return params;
}

/** What every report request carries. */
export function reportParams(state: PeriodState): Record<string, string | number> {
  const params: Record<string, string | number> = { from: state.from, to: state.to };
  if (state.organizationId) params.organization_id = state.organizationId;
  return params;
}

/** The first and last day of the month "YYYY-MM" (series periods), clipped to the period. */
export function monthRange(period: string, clip?: DateRange): DateRange {
  let from = `${period.slice(0, 7)}-01`;
  let to = endOfMonth(from);
  if (clip) {
    if (from < clip.from) from = clip.from;
    if (to > clip.to) to = clip.to;
  }
  return { from, to };
}
