import type { SUBSCRIPTION_PERIODS } from '../../contract/questions';
import { cronProblem, nextRunAfter, packPeriod } from '../../server/subscriptions/schedule';

/** When a subscription is due and which dates its pack covers, worked out by hand. */
const cron = (expression: string, period: (typeof SUBSCRIPTION_PERIODS)[number] = 'fiscal_year_to_date') => ({ schedule_kind: 'cron', cron: expression, fiscal_periods: null, period }) as const;
const fiscal = (periods: ('interim' | 'final')[]) => ({ schedule_kind: 'fiscal', cron: null, fiscal_periods: periods, period: 'fiscal_year_to_date' }) as const;

describe('the next run', () => {
  it('follows a cron expression in the schedule time zone', () => {
    // Mondays at 07:00 in Vancouver (UTC-7 in summer): 2025-06-16T14:00Z after Sunday the 15th
    expect(nextRunAfter(cron('0 7 * * 1'), new Date('2025-06-15T12:00:00Z'), 'America/Vancouver').toISOString()).toBe('2025-06-16T14:00:00.000Z');
  });

  it('is 07:00 on the day after a fiscal period ends: January 1 (interim), April 1 (final)', () => {
    const both = fiscal(['interim', 'final']);
    expect(nextRunAfter(both, new Date('2025-06-15T00:00:00Z'), 'UTC').toISOString()).toBe('2026-01-01T07:00:00.000Z');
    expect(nextRunAfter(both, new Date('2026-01-01T07:00:00Z'), 'UTC').toISOString()).toBe('2026-04-01T07:00:00.000Z');
    expect(nextRunAfter(fiscal(['final']), new Date('2025-06-15T00:00:00Z'), 'UTC').toISOString()).toBe('2026-04-01T07:00:00.000Z');
  });

  it('refuses cron expressions that are not five valid fields', () => {
    expect(cronProblem('0 7 * * 1')).toBeNull();
    expect(cronProblem('0 0 7 * * 1')?.text).toMatch(/five fields/);
  });

  it("names the cron field at fault and the numbers it takes, by code, instead of the parser's English", () => {
    expect(cronProblem('0 25 * * *')).toMatchObject({ key: 'field_cron_part', params: { cron_field: 'hour', value: '25', min: 0, max: 23 } });
    expect(cronProblem('0 25 * * *')?.text).toBe('is not valid: its hour field "25" must be a number from 0 to 23, *, a list (1,15), a range (1-5) or a step (*/10)');
    expect(cronProblem('0 7 32 * *')).toMatchObject({ key: 'field_cron_part', params: { cron_field: 'day_of_month', value: '32', min: 1, max: 31 } });
    expect(cronProblem('*/0 7 * * *')).toMatchObject({ key: 'field_cron_part', params: { cron_field: 'minute', value: '*/0' } });
    expect(cronProblem('0 7 * JANX *')).toMatchObject({ key: 'field_cron_part', params: { cron_field: 'month', value: 'JANX', min: 1, max: 12 } });
    expect(cronProblem('0 7 * * 9')).toMatchObject({ key: 'field_cron_part', params: { cron_field: 'day_of_week', value: '9', min: 0, max: 7 } });
    // each field alone is fine, the whole never fires
    expect(cronProblem('0 0 31 2 *')).toMatchObject({ key: 'field_cron_not_runnable', params: {} });
  });
});

describe('the period of a pack', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['fiscal interim, sent January 1', fiscal(['interim', 'final']), '2026-01-01T07:00:00Z', { from: '2025-04-01', to: '2025-12-31' }],
    ['fiscal final, sent April 1', fiscal(['interim', 'final']), '2026-04-01T07:00:00Z', { from: '2025-04-01', to: '2026-03-31' }],
    ['fiscal year to date, up to the day before', cron('0 7 * * 1'), '2025-06-16T07:00:00Z', { from: '2025-04-01', to: '2025-06-15' }],
    ['fiscal year to date on April 1: the whole year just ended', cron('0 7 * * *'), '2026-04-01T07:00:00Z', { from: '2025-04-01', to: '2026-03-31' }],
    ['previous month', cron('0 7 1 * *', 'previous_month'), '2025-03-01T07:00:00Z', { from: '2025-02-01', to: '2025-02-28' }],
    ['previous quarter in Q1: Q4 of the year before', cron('0 7 1 * *', 'previous_quarter'), '2025-05-01T07:00:00Z', { from: '2025-01-01', to: '2025-03-31' }],
    ['previous quarter in Q3: Q2', cron('0 7 1 * *', 'previous_quarter'), '2025-10-01T07:00:00Z', { from: '2025-07-01', to: '2025-09-30' }],
    ['previous fiscal year', cron('0 7 1 * *', 'previous_fiscal_year'), '2026-03-31T07:00:00Z', { from: '2024-04-01', to: '2025-03-31' }],
  ] as const)('%s', (_name, schedule, sent, expected) => {
    expect(packPeriod(schedule, at(sent), 'UTC')).toEqual(expected);
  });

  it('reads the day in the schedule time zone: 06:00Z on April 1 is still March 31 in Vancouver', () => {
    expect(packPeriod(cron('0 23 * * *'), at('2026-04-01T06:00:00Z'), 'America/Vancouver')).toEqual({ from: '2025-04-01', to: '2026-03-30' });
  });
});
