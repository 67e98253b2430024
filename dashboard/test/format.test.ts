import {
  formatBytes,
  formatDateValue,
  formatLocalDate,
  formatMoney,
  formatMoneyCompact,
  formatMonth,
  formatMonthValue,
  localDate,
  parseDateValue,
  parseMoney,
  parseMonthValue,
  toIsoDate,
} from '../src/meta/format';
import { formatValue } from '../src/reporting/format';

/*
 * These pass in any time zone; run them west of Greenwich (TZ=America/Vancouver), where
 * new Date("2025-04-01") is still March 31 locally, to see that no date shifts.
 */

describe('date inputs keep "YYYY-MM-DD" strings', () => {
  it('formats a date string as itself', () => {
    expect(formatDateValue('2025-04-01')).toBe('2025-04-01');
  });

  it('cuts an instant to its date part instead of converting it', () => {
    expect(formatDateValue('2025-04-01T00:00:00.000Z')).toBe('2025-04-01');
  });

  it('shows nothing for null, undefined and garbage', () => {
    expect(formatDateValue(null)).toBe('');
    expect(formatDateValue(undefined)).toBe('');
    expect(formatDateValue('not a date')).toBe('');
  });

  it('formats a local Date by its calendar day', () => {
    expect(formatDateValue(new Date(2025, 3, 1, 23, 30))).toBe('2025-04-01');
  });

  it('parses the browser value back to the same string', () => {
    expect(parseDateValue('2026-03-31')).toBe('2026-03-31');
  });

  it('parses an emptied input to null', () => {
    expect(parseDateValue('')).toBeNull();
  });
});

describe('dates shown in the locale never shift a day', () => {
  it('reads "2025-04-01" as April 1 at local midnight', () => {
    const date = localDate('2025-04-01')!;
    expect([date.getFullYear(), date.getMonth() + 1, date.getDate()]).toEqual([2025, 4, 1]);
  });

  it('shows April 1 in English', () => {
    expect(formatLocalDate('2025-04-01', 'en')).toMatch(/Apr\.? 1, 2025/);
  });

  it('shows 1 avril in French', () => {
    expect(formatLocalDate('2025-04-01', 'fr')).toMatch(/1 avr\.? 2025/);
  });

  it('round-trips a local date through toIsoDate', () => {
    expect(toIsoDate(localDate('2024-02-29')!)).toBe('2024-02-29');
  });
});

describe('months', () => {
  it('reads a first-of-month date as its month', () => {
    expect(formatMonth('2025-06-01', 'en')).toBe('June 2025');
    expect(formatMonth('2025-06-01', 'fr')).toBe('juin 2025');
  });

  it('reads a series period as a short month', () => {
    expect(formatMonth('2026-01', 'en', 'short')).toBe('Jan 2026');
  });

  it('leaves a quarter as it is', () => {
    expect(formatMonth('2025-Q1', 'en')).toBe('2025-Q1');
  });
});

describe('month inputs', () => {
  it('shows the month of a first-of-month date', () => {
    expect(formatMonthValue('2025-06-01')).toBe('2025-06');
  });

  it('stores the first day of the chosen month', () => {
    expect(parseMonthValue('2025-06')).toBe('2025-06-01');
  });

  it('stores null for an emptied month', () => {
    expect(parseMonthValue('')).toBeNull();
  });
});

describe('money', () => {
  it('keeps money to cents', () => {
    expect(parseMoney('12.345')).toBe(12.35);
    expect(parseMoney(0.1 + 0.2)).toBe(0.3);
  });

  it('parses an empty amount to null', () => {
    expect(parseMoney('')).toBeNull();
  });

  it('formats dollars in English Canada', () => {
    expect(formatMoney(1234.5, 'en')).toBe('$1,234.50');
  });

  it('formats dollars in French Canada', () => {
    expect(formatMoney(1234.5, 'fr').replace(/\s/g, ' ')).toBe('1 234,50 $');
  });
});

describe('download progress', () => {
  it('says bytes in kB and MB', () => {
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(12_345, 'en')).toBe('12.3 kB');
    expect(formatBytes(3_400_000, 'en')).toBe('3.4 MB');
  });
});

describe('compact money for cards and axes', () => {
  it('keeps small amounts exact', () => {
    expect(formatMoneyCompact(1234.5, 'en')).toBe('$1,234.50');
  });

  it('rounds millions to one decimal', () => {
    expect(formatMoneyCompact(8_384_462.51, 'en')).toBe('$8.4M');
  });
});

describe('report values, in one format each', () => {
  const translate = (key: string, options?: Record<string, unknown>) =>
    key === 'app.charts.days' ? `${options?.value} day${options?.smart_count === 1 ? '' : 's'}` : `«${key}»`;

  it('counts in whole numbers and keeps two decimals for other numbers', () => {
    expect(formatValue(1234.567, 'count', 'en', translate)).toBe('1,235');
    expect(formatValue(1234.567, 'number', 'en', translate)).toBe('1,234.57');
  });

  it('says days under a days header with one decimal, and spells them out elsewhere', () => {
    expect(formatValue(45.25, 'days', 'en', translate)).toBe('45.3');
    expect(formatValue(45.25, 'daysText', 'en', translate)).toBe('45.3 days');
    expect(formatValue(1, 'daysText', 'en', translate)).toBe('1 day');
  });

  it('writes money exactly, or compact for large amounts', () => {
    expect(formatValue(8_384_462.51, 'money', 'en', translate)).toBe('$8,384,462.51');
    expect(formatValue(8_384_462.51, 'moneyCompact', 'en', translate)).toBe('$8.4M');
  });

  it('writes a share as a percentage with one decimal, French-style in French', () => {
    expect(formatValue(4 / 7, 'percent', 'en', translate)).toBe('57.1%');
    expect(formatValue(0.25, 'percent', 'fr', translate).replace(/\s/g, ' ')).toBe('25 %');
  });

  it('reads dates and series periods in the locale', () => {
    expect(formatValue('2025-04-01', 'date', 'en', translate)).toMatch(/Apr\.? 1, 2025/);
    expect(formatValue('2025-06', 'period', 'fr', translate)).toBe('juin 2025');
    expect(formatValue('2026-01', 'periodShort', 'en', translate)).toBe('Jan 2026');
  });

  it('translates a label key and leaves other text as it is', () => {
    expect(formatValue('app.charts.sources.other', 'text', 'en', translate)).toBe('«app.charts.sources.other»');
    expect(formatValue('North', 'text', 'en', translate)).toBe('North');
  });

  it('shows a dash when there is nothing to show, and 0 as a number', () => {
    expect([null, undefined, ''].map(value => formatValue(value, 'money', 'en', translate))).toEqual(['—', '—', '—']);
    expect(formatValue(0, 'count', 'en', translate)).toBe('0');
  });
});
