import { CronExpressionParser } from 'cron-parser';
import { addDays, addMonths, dateInZone, fiscalYearOf, formatDate, presetPeriod, startOfMonth } from '../dates';
import { say, type Message } from '../messages';
import type { ReportSubscription } from '../models';

/**
 * When a subscription sends its pack, and the period the pack covers. A cron expression
 * (five fields, in the schedule time zone) sends the `period` counted back from the day it
 * fires; a fiscal schedule sends at 07:00 on the day after the interim (December 31) or final
 * (March 31) period of a fiscal year ends, and covers that period.
 */
const FISCAL_MONTH = { interim: 1, final: 4 } as const;

type Schedule = Pick<ReportSubscription, 'schedule_kind' | 'cron' | 'fiscal_periods' | 'period'>;

function expression(schedule: Schedule): string {
  if (schedule.schedule_kind === 'cron') return schedule.cron ?? '';
  const months = (schedule.fiscal_periods ?? []).map((p) => FISCAL_MONTH[p]).sort((a, b) => a - b);
  return `0 7 1 ${months.join(',')} *`;
}

/** The five fields of a cron expression, in order, and the numbers each takes. */
const CRON_FIELDS = [
  { cron_field: 'minute', min: 0, max: 59 },
  { cron_field: 'hour', min: 0, max: 23 },
  { cron_field: 'day_of_month', min: 1, max: 31 },
  { cron_field: 'month', min: 1, max: 12 },
  { cron_field: 'day_of_week', min: 0, max: 7 },
] as const;

const parses = (cron: string) => {
  try {
    CronExpressionParser.parse(cron, { strict: false });
    return true;
  } catch {
    return false;
  }
};

/**
 * Why a cron expression cannot schedule a pack, or null. The parser's English is not passed on:
 * the field at fault is found by parsing each field alone (the others `*`), and named by code.
 */
export function cronProblem(cron: string): Message | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return say('field_cron_five_fields');
  if (parses(cron)) return null;
  const bad = fields.findIndex((value, i) => !parses(fields.map((_, j) => (j === i ? value : '*')).join(' ')));
  if (bad < 0) return say('field_cron_not_runnable');
  return say('field_cron_part', { ...CRON_FIELDS[bad], value: fields[bad] });
}

/** The first time after `after` the subscription is due. */
export function nextRunAfter(schedule: Schedule, after: Date, timeZone: string): Date {
  return CronExpressionParser.parse(expression(schedule), { currentDate: after, tz: timeZone }).next().toDate();
}

/** Fiscal quarter q (1–4) of fiscal year fy. */
function fiscalQuarter(fy: number, q: number) {
  return presetPeriod(`q${q}` as 'q1', fy);
}

/** The dates the pack sent at `at` covers. */
export function packPeriod(schedule: Schedule, at: Date, timeZone: string): { from: string; to: string } {
  const day = dateInZone(at, timeZone);
  const yesterday = addDays(day, -1);
  if (schedule.schedule_kind === 'fiscal') {
    return presetPeriod(Number(day.slice(5, 7)) === FISCAL_MONTH.interim ? 'interim' : 'final', fiscalYearOf(yesterday));
  }
  switch (schedule.period) {
    case 'previous_month': {
      const first = addMonths(startOfMonth(day), -1);
      return { from: first, to: addDays(startOfMonth(day), -1) };
    }
    case 'previous_quarter': {
      const fy = fiscalYearOf(day);
      const current = [1, 2, 3, 4].find((q) => fiscalQuarter(fy, q).from <= day && day <= fiscalQuarter(fy, q).to)!;
      return current === 1 ? fiscalQuarter(fy - 1, 4) : fiscalQuarter(fy, current - 1);
    }
    case 'previous_fiscal_year':
      return presetPeriod('final', fiscalYearOf(day) - 1);
    case 'fiscal_year_to_date':
      return { from: formatDate(fiscalYearOf(yesterday), 4, 1), to: yesterday };
  }
}
