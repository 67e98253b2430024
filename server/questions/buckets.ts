import type { Bucket } from '../../contract/questions';
import { addDays, addMonths, endOfMonth, fiscalYearOf } from '../dates';

/**
 * Date buckets: the SQL that puts a date (or an instant, by its UTC date) in its bucket, named
 * by the bucket's first day, and what that first day stands for — a label and the dates the
 * list filter opens. Weeks start on Monday (ISO); quarters are fiscal (Q1 = April–June, which
 * start on the calendar quarters' first days); fiscal years run April 1 – March 31.
 */
export function bucketSql(bucket: Bucket, column: string, type: 'date' | 'datetime'): string {
  // A plain timestamp: date_trunc on it involves no time zone (a date alone would be cast to timestamptz).
  const moment = type === 'date' ? `${column}::timestamp` : `(${column} at time zone 'UTC')`;
  switch (bucket) {
    case 'day':
      return `${moment}::date`;
    case 'week':
    case 'month':
    case 'quarter':
      return `date_trunc('${bucket}', ${moment})::date`;
    case 'fiscal_year':
      return `(date_trunc('year', ${moment} - interval '3 months') + interval '3 months')::date`;
  }
}

/** The last day of the bucket that starts on `start`. */
export function bucketEnd(bucket: Bucket, start: string): string {
  switch (bucket) {
    case 'day':
      return start;
    case 'week':
      return addDays(start, 6);
    case 'month':
      return endOfMonth(start);
    case 'quarter':
      return addDays(addMonths(start, 3), -1);
    case 'fiscal_year':
      return addDays(addMonths(start, 12), -1);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function fiscalYearName(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/** "2025-04-14", "Week of 2025-04-14", "Apr 2025", "Q1 2025-26", "2025-26" (the reports' wording). */
export function bucketLabel(bucket: Bucket, start: string): string {
  switch (bucket) {
    case 'day':
      return start;
    case 'week':
      return `Week of ${start}`;
    case 'month':
      return `${MONTHS[Number(start.slice(5, 7)) - 1]} ${start.slice(0, 4)}`;
    case 'quarter': {
      const quarter = Math.floor(((Number(start.slice(5, 7)) + 8) % 12) / 3) + 1;
      return `Q${quarter} ${fiscalYearName(fiscalYearOf(start))}`;
    }
    case 'fiscal_year':
      return fiscalYearName(fiscalYearOf(start));
  }
}

/**
 * The list filter of a bucket's records: `_gte`/`_lte` on a date; on an instant, from the
 * bucket's first UTC midnight up to (not including) the next bucket's.
 */
export function bucketFilter(bucket: Bucket, start: string, path: string, type: 'date' | 'datetime'): Record<string, string> {
  const end = bucketEnd(bucket, start);
  if (type === 'date') return { [`${path}_gte`]: start, [`${path}_lte`]: end };
  return { [`${path}_gte`]: `${start}T00:00:00.000Z`, [`${path}_lt`]: `${addDays(end, 1)}T00:00:00.000Z` };
}
