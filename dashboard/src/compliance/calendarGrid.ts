import { addDays, addMonths, endOfMonth, startOfMonth } from '../../../server/dates';

/**
 * The weeks a month view shows: Monday to Sunday, from the week of the month's first day to the
 * week of its last, each day flagged when it belongs to a neighbouring month. Dates are
 * `YYYY-MM-DD` strings (server/dates.ts), so no time zone moves a day.
 */
export interface CalendarDay {
  date: string;
  inMonth: boolean;
}

/** Day of the week, 0 = Monday … 6 = Sunday. */
function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function monthWeeks(month: string): CalendarDay[][] {
  const first = startOfMonth(month);
  const last = endOfMonth(month);
  const start = addDays(first, -weekday(first));
  const end = addDays(last, 6 - weekday(last));
  const weeks: CalendarDay[][] = [];
  for (let day = start; day <= end; day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)).map(date => ({ date, inMonth: date >= first && date <= last })));
  }
  return weeks;
}

/** The first and last day a month view shows (the whole weeks around the month). */
export function monthViewRange(month: string): { from: string; to: string } {
  const weeks = monthWeeks(month);
  return { from: weeks[0][0].date, to: weeks[weeks.length - 1][6].date };
}

/** `YYYY-MM-01` of the month before or after. */
export const shiftMonth = (month: string, by: number) => startOfMonth(addMonths(startOfMonth(month), by));
