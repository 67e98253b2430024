import { ValidationError } from '../../server/errors';
import { addMonths, ageOn, daysBetween, daysInMonth, endOfMonth, fiscalYearStart, isIsoDate, monthsBetween } from '../../server/dates';
import { buckets, parseReportParams } from '../../server/reports/period';

function errorsOf(query: Record<string, unknown>): Record<string, string> {
  try {
    parseReportParams(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors;
  }
  throw new Error('expected a ValidationError');
}

describe('report parameters', () => {
  it('reads from, to, group and organisation', () => {
    expect(parseReportParams({ from: '2025-04-01', to: '2025-06-30', group: 'quarter', organization_id: '7' })).toEqual({
      from: '2025-04-01',
      to: '2025-06-30',
      group: 'quarter',
      organization_id: 7,
    });
  });

  it('defaults to monthly series over every organisation', () => {
    expect(parseReportParams({ from: '2025-04-01', to: '2025-04-01' })).toEqual({
      from: '2025-04-01',
      to: '2025-04-01',
      group: 'month',
      organization_id: null,
    });
  });

  it.each([
    ['q1', '2025-04-01', '2025-06-30'],
    ['q2', '2025-07-01', '2025-09-30'],
    ['q3', '2025-10-01', '2025-12-31'],
    ['q4', '2026-01-01', '2026-03-31'],
    ['interim', '2025-04-01', '2025-12-31'],
    ['final', '2025-04-01', '2026-03-31'],
  ])('turns period %s of fiscal year 2025 into %s … %s', (period, from, to) => {
    expect(parseReportParams({ period, fiscal_year: '2025' })).toMatchObject({ from, to });
  });

  it('refuses dates that do not exist or are not written YYYY-MM-DD', () => {
    expect(errorsOf({ from: '2025-02-29', to: '2025-13-01' })).toEqual({
      from: 'Must be a real date written YYYY-MM-DD',
      to: 'Must be a real date written YYYY-MM-DD',
    });
    expect(Object.keys(errorsOf({ from: '2025-4-1', to: '20250630' }))).toEqual(['from', 'to']);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseReportParams({ from: '2024-02-29', to: '2024-02-29' }).from).toBe('2024-02-29');
  });

  it('refuses a period that ends before it starts', () => {
    expect(errorsOf({ from: '2025-05-01', to: '2025-04-30' })).toEqual({ to: 'Must be on or after from' });
  });

  it('asks for the period when nothing is given', () => {
    expect(Object.keys(errorsOf({}))).toEqual(['from', 'to']);
  });

  it('refuses a preset mixed with dates, an unknown preset and a bad fiscal year', () => {
    expect(errorsOf({ period: 'final', fiscal_year: '2025', from: '2025-04-01' })).toHaveProperty('period');
    expect(errorsOf({ period: 'q5', fiscal_year: '2025' })).toHaveProperty('period');
    expect(errorsOf({ period: 'final' })).toHaveProperty('fiscal_year');
    expect(errorsOf({ fiscal_year: '2025' })).toHaveProperty('period');
    expect(errorsOf({ period: 'final', fiscal_year: 'twenty' })).toHaveProperty('fiscal_year');
  });

  it('refuses an unknown group, a bad organisation id and repeated parameters', () => {
    expect(errorsOf({ from: '2025-04-01', to: '2025-04-30', group: 'week', organization_id: '-3' })).toEqual({
      group: 'Must be month or quarter',
      organization_id: 'Must be a positive integer',
    });
    expect(errorsOf({ from: ['2025-04-01', '2025-05-01'], to: '2025-06-30' })).toHaveProperty('from');
  });

  it('refuses a period longer than ten years', () => {
    expect(errorsOf({ from: '2000-01-01', to: '2025-01-01' })).toHaveProperty('to');
  });
});

describe('calendar arithmetic', () => {
  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
  });

  it('clips months to the last day as PostgreSQL does', () => {
    expect(addMonths('2025-08-31', -6)).toBe('2025-02-28');
    expect(addMonths('2024-08-31', -6)).toBe('2024-02-29');
    expect(addMonths('2025-09-30', -6)).toBe('2025-03-30');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });

  it('counts days without time zones', () => {
    expect(daysBetween('2025-04-01', '2026-03-31')).toBe(364);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('finds month ends, the months between two dates and completed years of age', () => {
    expect([endOfMonth('2024-02-10'), endOfMonth('2025-02-10'), daysInMonth('2024-02-01')]).toEqual(['2024-02-29', '2025-02-28', 29]);
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
    // A 29 February birthday is reached on 1 March in a common year, as age() counts it.
    expect([ageOn('2012-02-29', '2013-02-28'), ageOn('2012-02-29', '2013-03-01'), ageOn('2012-02-29', '2016-02-29')]).toEqual([0, 1, 4]);
  });

  it('finds the fiscal year start', () => {
    expect(fiscalYearStart('2026-03-31')).toBe('2025-04-01');
    expect(fiscalYearStart('2025-04-01')).toBe('2025-04-01');
    expect(fiscalYearStart('2025-03-31')).toBe('2024-04-01');
  });

  it('cuts a period into months clipped to it', () => {
    expect(buckets('2025-04-15', '2025-06-10', 'month')).toEqual([
      { period: '2025-04', label: 'Apr 2025', start: '2025-04-15', end: '2025-04-30' },
      { period: '2025-05', label: 'May 2025', start: '2025-05-01', end: '2025-05-31' },
      { period: '2025-06', label: 'Jun 2025', start: '2025-06-01', end: '2025-06-10' },
    ]);
  });

  it('cuts a period into fiscal quarters, Q4 in the next calendar year', () => {
    expect(buckets('2025-12-01', '2026-04-30', 'quarter')).toEqual([
      { period: 'FY2025-Q3', label: 'Q3 2025-26', start: '2025-12-01', end: '2025-12-31' },
      { period: 'FY2025-Q4', label: 'Q4 2025-26', start: '2026-01-01', end: '2026-03-31' },
      { period: 'FY2026-Q1', label: 'Q1 2026-27', start: '2026-04-01', end: '2026-04-30' },
    ]);
  });
});
