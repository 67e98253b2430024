import { compileQuestion } from '../../server/questions/compile';
import { resolveQuestion } from '../../server/questions/spec';
import { resources } from '../../server/resources/registry';
import type { CurrentUser } from '../../server/access/roles';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * A question bucketing by date groups its rows by day first and then puts the days in their
 * buckets (server/questions/compile.ts, bucketedByDay). These instants sit on either side of UTC
 * midnight at the edges of weeks, months, fiscal quarters and fiscal years, so a day taken in any
 * other time zone, or a bucket taken of the day's wrong side, moves a row:
 *
 *   #  occurred_at (UTC)      type      UTC day     week of      month    fiscal quarter  fiscal year
 *   1  2025-03-31 23:30       meeting   2025-03-31  2025-03-31   Mar 25   Q4 2024-25      2024-25
 *   2  2025-04-01 00:30       incident  2025-04-01  2025-03-31   Apr 25   Q1 2025-26      2025-26
 *   3  2025-04-01 12:00       meeting   2025-04-01  2025-03-31   Apr 25   Q1 2025-26      2025-26
 *   4  2025-06-30 23:59:59    meeting   2025-06-30  2025-06-30   Jun 25   Q1 2025-26      2025-26
 *   5  2025-07-01 00:00:00    incident  2025-07-01  2025-06-30   Jul 25   Q2 2025-26      2025-26
 *   6  2026-03-29 23:00       meeting   2026-03-29  2026-03-23   Mar 26   Q4 2025-26      2025-26  (a Sunday)
 *   7  2026-03-30 00:10       meeting   2026-03-30  2026-03-30   Mar 26   Q4 2025-26      2025-26  (a Monday)
 *
 * Every answer is also compared with a one-level statement written here (each row put straight
 * into its bucket), for every bucket and every measure that is combined from per-day parts.
 */
const ctx = useTestContext({ now: '2026-06-15T12:00:00Z' });
let token: string;
let manager: CurrentUser;

const EVENTS: [string, 'meeting' | 'incident'][] = [
  ['2025-03-31T23:30:00Z', 'meeting'],
  ['2025-04-01T00:30:00Z', 'incident'],
  ['2025-04-01T12:00:00Z', 'meeting'],
  ['2025-06-30T23:59:59Z', 'meeting'],
  ['2025-07-01T00:00:00Z', 'incident'],
  ['2026-03-29T23:00:00Z', 'meeting'],
  ['2026-03-30T00:10:00Z', 'meeting'],
];

beforeAll(async () => {
  const f = factories(ctx.knex);
  const agency = await f.organization({ name: 'Agency East' });
  const { planId, childId } = await f.cspCase({ organization_id: agency, referral_date: '2025-01-10', initiated_on: '2025-02-01' });
  const created = await ctx.createUser({ role: 'ministry_manager' });
  token = created.token;
  manager = (await ctx.knex('users').where({ id: created.user.id }).first('id', 'email', 'full_name', 'role', 'organization_id')) as CurrentUser;
  for (const [occurred_at, type] of EVENTS) {
    await ctx.knex('events').insert({ child_id: childId, service_plan_id: planId, type, occurred_at, title: `${type} noted`, created_by: created.user.id });
  }
  // money on the last and first days of months, for sums, minima and maxima of a date-bucketed money column
  for (const [spent_on, amount] of [['2025-03-31', 10.01], ['2025-04-01', 0.02], ['2025-04-30', 7.5], ['2025-05-01', 1]] as const) {
    await f.expenditure({ organization_id: agency, spent_on, amount });
  }
});

async function ask(spec: object) {
  const res = await ctx.api(token).post('/api/questions/run', spec);
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
  return (res.body as { rows: { group: unknown[]; value: unknown }[] }).rows.map((r) => [...r.group, r.value]);
}

const byBucket = (bucket: string, extra: object[] = []) =>
  ask({ resource: 'events', group_by: [{ field: 'occurred_at', bucket }, ...extra], measure: { fn: 'count' } });

describe('instants bucketed by their UTC day', () => {
  it('by day: the UTC date, whatever the hour', async () => {
    expect(await byBucket('day')).toEqual([
      ['2025-03-31', 1], ['2025-04-01', 2], ['2025-06-30', 1], ['2025-07-01', 1], ['2026-03-29', 1], ['2026-03-30', 1],
    ]);
  });

  it('by week: Monday to Sunday, a Sunday 23:00 in the week before', async () => {
    expect(await byBucket('week')).toEqual([['2025-03-31', 3], ['2025-06-30', 2], ['2026-03-23', 1], ['2026-03-30', 1]]);
  });

  it('by month: 23:30 on March 31 stays in March', async () => {
    expect(await byBucket('month')).toEqual([['2025-03-01', 1], ['2025-04-01', 2], ['2025-06-01', 1], ['2025-07-01', 1], ['2026-03-01', 2]]);
  });

  it('by fiscal quarter and fiscal year: 23:59:59 on June 30 in Q1, midnight July 1 in Q2', async () => {
    expect(await byBucket('quarter')).toEqual([['2025-01-01', 1], ['2025-04-01', 3], ['2025-07-01', 1], ['2026-01-01', 2]]);
    expect(await byBucket('fiscal_year')).toEqual([['2024-04-01', 1], ['2025-04-01', 6]]);
  });

  it('with a second group, each bucket split by type in its declared order', async () => {
    expect(await byBucket('month', [{ field: 'type' }])).toEqual([
      ['2025-03-01', 'meeting', 1],
      ['2025-04-01', 'meeting', 1], ['2025-04-01', 'incident', 1],
      ['2025-06-01', 'meeting', 1],
      ['2025-07-01', 'incident', 1],
      ['2026-03-01', 'meeting', 2],
    ]);
  });
});

describe('measures combined from per-day parts', () => {
  it('sums money exactly, and takes minima and maxima, per month', async () => {
    const money = (measure: object) => ask({ resource: 'expenditures', group_by: [{ field: 'spent_on', bucket: 'month' }], measure });
    expect(await money({ fn: 'sum', field: 'amount' })).toEqual([['2025-03-01', 10.01], ['2025-04-01', 7.52], ['2025-05-01', 1]]);
    expect(await money({ fn: 'min', field: 'amount' })).toEqual([['2025-03-01', 10.01], ['2025-04-01', 0.02], ['2025-05-01', 1]]);
    expect(await money({ fn: 'max', field: 'spent_on' })).toEqual([['2025-03-01', '2025-03-31'], ['2025-04-01', '2025-04-30'], ['2025-05-01', '2025-05-01']]);
  });

  const ONE_LEVEL: Record<string, string> = {
    day: `(occurred_at at time zone 'UTC')::date`,
    week: `date_trunc('week', occurred_at at time zone 'UTC')::date`,
    month: `date_trunc('month', occurred_at at time zone 'UTC')::date`,
    quarter: `date_trunc('quarter', occurred_at at time zone 'UTC')::date`,
    fiscal_year: `(date_trunc('year', (occurred_at at time zone 'UTC') - interval '3 months') + interval '3 months')::date`,
  };
  const MEASURES: [object, string][] = [
    [{ fn: 'count' }, 'count(*)'],
    [{ fn: 'min', field: 'occurred_at' }, 'min(occurred_at)'],
    [{ fn: 'max', field: 'occurred_at' }, 'max(occurred_at)'],
  ];

  it.each(Object.keys(ONE_LEVEL))('by %s, every combined measure equals the one-level statement', async (bucket) => {
    for (const [measure, sql] of MEASURES) {
      const expected = await ctx.knex.raw(`select ${ONE_LEVEL[bucket]}::text as g, ${sql} as v from events group by 1 order by 1`);
      const rows = (expected.rows as { g: string; v: unknown }[]).map((r) => [r.g, r.v]);
      expect({ measure, rows: await ask({ resource: 'events', group_by: [{ field: 'occurred_at', bucket }], measure }) }).toEqual({ measure, rows });
    }
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago'])('puts instants in the same months with the session in %s (UTC+14, UTC-11)', async (zone) => {
    const context = { resources, user: manager };
    const question = resolveQuestion({ resource: 'events', group_by: [{ field: 'occurred_at', bucket: 'month' }], measure: { fn: 'count' } }, context);
    const rows = await ctx.knex.transaction(async (trx) => {
      await trx.raw(`select set_config('TimeZone', ?, true)`, [zone]);
      return (await compileQuestion(question, context, trx).query) as { g0: string; value: number }[];
    });
    expect(rows.map((r) => [r.g0, r.value])).toEqual([['2025-03-01', 1], ['2025-04-01', 2], ['2025-06-01', 1], ['2025-07-01', 1], ['2026-03-01', 2]]);
  });

  it('groups by day before bucketing when the measure combines, and not when it cannot (count_distinct, avg, median)', () => {
    const context = { resources, user: manager };
    const sql = (measure: object) =>
      compileQuestion(resolveQuestion({ resource: 'events', group_by: [{ field: 'occurred_at', bucket: 'month' }], measure }, context), context, ctx.knex).query.toSQL().sql;
    expect(sql({ fn: 'count' })).toContain(`(select ("events"."occurred_at" at time zone 'UTC')::date as d0, count(*) as value from "events"`);
    expect(sql({ fn: 'count_distinct', field: 'child_id' })).not.toContain('as d0');
    expect(sql({ fn: 'median', field: 'occurred_at' })).not.toContain('as d0');
  });
});
