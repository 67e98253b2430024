import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * POST /api/questions/run on a small fixture whose answers are worked out by hand: eight
 * service activities of two CSP plans, placed on the edges of weeks (Monday 2025-03-31,
 * Sunday 2025-04-06), fiscal quarters (June 30 / July 1) and fiscal years (March 31 /
 * April 1), and three expenditures in cents.
 *
 *   #  activity_date  kind      mode       hours  plan
 *   1  2025-03-31     direct    phone      1.00   P1    (Monday; last day of FY 2024-25)
 *   2  2025-04-01     direct    video      2.00   P1    (first day of FY 2025-26)
 *   3  2025-04-06     indirect  phone      0.50   P2    (Sunday: still the week of March 31)
 *   4  2025-04-07     indirect  in_person  3.00   P2    (Monday)
 *   5  2025-06-30     direct    phone      1.50   P1    (last day of Q1)
 *   6  2025-07-01     direct    phone      4.00   P2    (first day of Q2; week of June 30)
 *   7  2026-03-31     indirect  video      2.50   P2    (last day of FY 2025-26; week of March 30)
 *   8  2026-04-01     direct    video      1.00   P2    (first day of FY 2026-27)
 */
const ctx = useTestContext({ now: '2026-06-15T12:00:00Z' });
let token: string;
let plans: { P1: number; P2: number };
let agency: number;

const ACTIVITIES: [string, 'direct' | 'indirect', string, number, 'P1' | 'P2'][] = [
  ['2025-03-31', 'direct', 'phone', 1, 'P1'],
  ['2025-04-01', 'direct', 'video', 2, 'P1'],
  ['2025-04-06', 'indirect', 'phone', 0.5, 'P2'],
  ['2025-04-07', 'indirect', 'in_person', 3, 'P2'],
  ['2025-06-30', 'direct', 'phone', 1.5, 'P1'],
  ['2025-07-01', 'direct', 'phone', 4, 'P2'],
  ['2026-03-31', 'indirect', 'video', 2.5, 'P2'],
  ['2026-04-01', 'direct', 'video', 1, 'P2'],
];

beforeAll(async () => {
  const f = factories(ctx.knex);
  agency = await f.organization({ name: 'Agency North' });
  const one = await f.cspCase({ organization_id: agency, referral_date: '2025-01-10', initiated_on: '2025-02-01' });
  const two = await f.cspCase({ organization_id: agency, referral_date: '2025-01-20', initiated_on: '2025-03-01' });
  plans = { P1: one.planId, P2: two.planId };
  for (const [date, kind, mode, hours, plan] of ACTIVITIES) {
    await ctx.knex('service_activities').insert({ service_plan_id: plans[plan], activity_date: date, kind, mode, hours });
  }
  for (const [spent_on, amount] of [['2025-04-15', 1200.1], ['2025-04-20', 0.2], ['2025-05-01', 99.99]] as const) {
    await f.expenditure({ organization_id: agency, spent_on, amount });
  }
  token = (await ctx.createUser({ role: 'ministry_manager' })).token;
});

async function ask(spec: object, expectedStatus = 200) {
  const res = await ctx.api(token).post('/api/questions/run', spec);
  expect({ status: res.status, body: res.status === expectedStatus ? 'as expected' : res.body }).toEqual({ status: expectedStatus, body: 'as expected' });
  return res.body;
}

/** [group values..., value] of each row */
const table = (answer: { rows: { group: unknown[]; value: unknown }[] }) => answer.rows.map((r) => [...r.group, r.value]);

describe('date buckets', () => {
  const byBucket = (bucket: string) => ask({ resource: 'service_activities', group_by: [{ field: 'activity_date', bucket }], measure: { fn: 'count' } });

  it('counts by day', async () => {
    expect(table(await byBucket('day'))).toEqual(ACTIVITIES.map(([date]) => [date, 1]));
  });

  it('counts by week, Monday to Sunday', async () => {
    const answer = await byBucket('week');
    expect(table(answer)).toEqual([['2025-03-31', 3], ['2025-04-07', 1], ['2025-06-30', 2], ['2026-03-30', 2]]);
    expect(answer.rows[0].label).toEqual(['Week of 2025-03-31']);
    expect(answer.rows[0].filter).toEqual({ activity_date_gte: '2025-03-31', activity_date_lte: '2025-04-06' });
  });

  it('counts by month, with the month as label and its days as the list filter', async () => {
    const answer = await byBucket('month');
    expect(table(answer)).toEqual([['2025-03-01', 1], ['2025-04-01', 3], ['2025-06-01', 1], ['2025-07-01', 1], ['2026-03-01', 1], ['2026-04-01', 1]]);
    expect(answer.rows[1]).toMatchObject({ label: ['Apr 2025'], filter: { activity_date_gte: '2025-04-01', activity_date_lte: '2025-04-30' } });
    expect(answer.total_groups).toBe(6);
  });

  it('counts by fiscal quarter, Q1 being April to June', async () => {
    const answer = await byBucket('quarter');
    expect(table(answer)).toEqual([['2025-01-01', 1], ['2025-04-01', 4], ['2025-07-01', 1], ['2026-01-01', 1], ['2026-04-01', 1]]);
    expect(answer.rows.map((r: { label: string[] }) => r.label[0])).toEqual(['Q4 2024-25', 'Q1 2025-26', 'Q2 2025-26', 'Q4 2025-26', 'Q1 2026-27']);
    expect(answer.rows[1].filter).toEqual({ activity_date_gte: '2025-04-01', activity_date_lte: '2025-06-30' });
  });

  it('counts by fiscal year, April 1 to March 31', async () => {
    const answer = await byBucket('fiscal_year');
    expect(table(answer)).toEqual([['2024-04-01', 1], ['2025-04-01', 6], ['2026-04-01', 1]]);
    expect(answer.rows.map((r: { label: string[] }) => r.label[0])).toEqual(['2024-25', '2025-26', '2026-27']);
    expect(answer.rows[1].filter).toEqual({ activity_date_gte: '2025-04-01', activity_date_lte: '2026-03-31' });
  });

  it("opens each bucket's records: the list filtered by a group's filter has the group's count", async () => {
    const answer = await byBucket('week');
    for (const row of answer.rows) {
      const list = await ctx.api(token).get(`/api/service_activities?filter=${encodeURIComponent(JSON.stringify(row.filter))}`);
      expect(list.headers['content-range']).toMatch(new RegExp(`/${row.value}$`));
    }
  });
});

describe('measures', () => {
  const byKind = (measure: object) =>
    ask({ resource: 'service_activities', group_by: [{ field: 'kind' }], measure }).then(table);

  it('count: 5 direct, 3 indirect', async () => {
    expect(await byKind({ fn: 'count' })).toEqual([['direct', 5], ['indirect', 3]]);
  });

  it('sum of hours: 9.5 direct, 6 indirect; 15.5 without groups', async () => {
    expect(await byKind({ fn: 'sum', field: 'hours' })).toEqual([['direct', 9.5], ['indirect', 6]]);
    expect(table(await ask({ resource: 'service_activities', measure: { fn: 'sum', field: 'hours' } }))).toEqual([[15.5]]);
  });

  it('avg of hours: 9.5 / 5 = 1.9 direct, 6 / 3 = 2 indirect', async () => {
    expect(await byKind({ fn: 'avg', field: 'hours' })).toEqual([['direct', 1.9], ['indirect', 2]]);
  });

  it('median of hours: 1.5 of [1, 1, 1.5, 2, 4], 2.5 of [0.5, 2.5, 3]; 1.75 of all eight', async () => {
    expect(await byKind({ fn: 'median', field: 'hours' })).toEqual([['direct', 1.5], ['indirect', 2.5]]);
    expect(table(await ask({ resource: 'service_activities', measure: { fn: 'median', field: 'hours' } }))).toEqual([[1.75]]);
  });

  it('min and max of a date', async () => {
    expect(await byKind({ fn: 'min', field: 'activity_date' })).toEqual([['direct', '2025-03-31'], ['indirect', '2025-04-06']]);
    expect(await byKind({ fn: 'max', field: 'activity_date' })).toEqual([['direct', '2026-04-01'], ['indirect', '2026-03-31']]);
  });

  it('median of a date is the lower middle date (2025-04-07 of eight)', async () => {
    expect(table(await ask({ resource: 'service_activities', measure: { fn: 'median', field: 'activity_date' } }))).toEqual([['2025-04-07']]);
  });

  it('count_distinct of plans: direct work on 2 plans, indirect on 1', async () => {
    expect(await byKind({ fn: 'count_distinct', field: 'service_plan_id' })).toEqual([['direct', 2], ['indirect', 1]]);
  });

  it('sums money exactly: 1200.10 + 0.20 in April, 99.99 in May', async () => {
    const answer = await ask({ resource: 'expenditures', group_by: [{ field: 'spent_on', bucket: 'month' }], measure: { fn: 'sum', field: 'amount' } });
    expect(table(answer)).toEqual([['2025-04-01', 1200.3], ['2025-05-01', 99.99]]);
    expect(answer.columns[1]).toEqual({ role: 'measure', fn: 'sum', field: 'amount', type: 'money' });
  });

  it('a count of nothing is 0, and a sum of nothing is empty', async () => {
    const filter = { activity_date_gte: '2030-01-01' };
    expect(table(await ask({ resource: 'service_activities', filter, measure: { fn: 'count' } }))).toEqual([[0]]);
    expect(table(await ask({ resource: 'service_activities', filter, measure: { fn: 'sum', field: 'hours' } }))).toEqual([[null]]);
    expect(table(await ask({ resource: 'service_activities', filter, group_by: [{ field: 'kind' }], measure: { fn: 'count' } }))).toEqual([]);
  });
});

describe('groups', () => {
  it('groups by two fields, enumerations in their declared order', async () => {
    const answer = await ask({ resource: 'service_activities', group_by: [{ field: 'kind' }, { field: 'mode' }], measure: { fn: 'count' } });
    // ACTIVITY_MODES: in_person, video, phone, other
    expect(table(answer)).toEqual([['direct', 'video', 2], ['direct', 'phone', 3], ['indirect', 'in_person', 1], ['indirect', 'video', 1], ['indirect', 'phone', 1]]);
    expect(answer.rows[0].filter).toEqual({ kind: 'direct', mode: 'video' });
    expect(answer.columns.map((c: { role: string; field: string }) => [c.role, c.field])).toEqual([['group', 'kind'], ['group', 'mode'], ['measure', null]]);
  });

  it("answers a reference with its record's title and filters by its id", async () => {
    const answer = await ask({ resource: 'service_activities', group_by: [{ field: 'service_plan_id' }], measure: { fn: 'sum', field: 'hours' } });
    // a plan is titled as the screens title it, led by its child's name
    const childOf = async (planId: number) => {
      const child = await ctx.knex('service_plans as sp').join('children as c', 'c.id', 'sp.child_id').where('sp.id', planId).first('c.first_name', 'c.last_name');
      return `${child.first_name} ${child.last_name}`;
    };
    expect(answer.rows).toEqual([
      { group: [plans.P1], label: [`${await childOf(plans.P1)} · #${plans.P1} · CSP · 2025-02-01`], value: 4.5, filter: { service_plan_id: plans.P1 } },
      { group: [plans.P2], label: [`${await childOf(plans.P2)} · #${plans.P2} · CSP · 2025-03-01`], value: 11, filter: { service_plan_id: plans.P2 } },
    ]);
  });

  it('groups one step through a reference, and the list opens that group', async () => {
    const answer = await ask({ resource: 'service_activities', group_by: [{ field: 'service_plan_id.organization_id' }], measure: { fn: 'count' } });
    expect(answer.rows).toEqual([{ group: [agency], label: ['Agency North'], value: 8, filter: { 'service_plan_id.organization_id': agency } }]);
    const list = await ctx.api(token).get(`/api/service_activities?filter=${encodeURIComponent(JSON.stringify(answer.rows[0].filter))}`);
    expect(list.headers['content-range']).toMatch(/\/8$/);
  });

  it('keeps the question filter in every group filter, narrowing a date range to the bucket', async () => {
    const answer = await ask({
      resource: 'service_activities',
      filter: { kind: 'direct', activity_date_gte: '2025-04-15' },
      group_by: [{ field: 'activity_date', bucket: 'fiscal_year' }],
      measure: { fn: 'count' },
    });
    expect(answer.rows.map((r: { filter: object; value: number }) => [r.filter, r.value])).toEqual([
      [{ kind: 'direct', activity_date_gte: '2025-04-15', activity_date_lte: '2026-03-31' }, 2],
      [{ kind: 'direct', activity_date_gte: '2026-04-01', activity_date_lte: '2027-03-31' }, 1],
    ]);
  });

  it('sorts by value and cuts at the limit, still counting every group', async () => {
    const answer = await ask({ resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'week' }], measure: { fn: 'count' }, sort: ['value', 'DESC'], limit: 2 });
    expect(table(answer)).toEqual([['2025-03-31', 3], ['2025-06-30', 2]]);
    expect(answer.total_groups).toBe(4);
  });

  it('sorts by a group field, descending', async () => {
    const answer = await ask({ resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'fiscal_year' }], measure: { fn: 'count' }, sort: ['activity_date', 'DESC'] });
    expect(table(answer)).toEqual([['2026-04-01', 1], ['2025-04-01', 6], ['2024-04-01', 1]]);
  });
});
