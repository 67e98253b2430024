import type { CurrentUser } from '../../server/access/roles';
import { compileQuestion } from '../../server/questions/compile';
import { resolveQuestion } from '../../server/questions/spec';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * A count of service activities by date buckets, asked by someone who sees every activity and
 * with no filter, is answered from rollup_activity_hours (server/questions/rollups.ts). Two
 * organisations' plans, activities on month and fiscal-year edges:
 *
 *   activity_date  organisation  after the deletion below
 *   2025-03-31     North         kept
 *   2025-04-01     North         kept
 *   2025-04-01     South         kept     (two organisations' rows on one day: 2 in April's first day)
 *   2025-05-15     South         deleted  (May's rollup row falls to 0: May is no group at all)
 *   2025-06-30     North         kept
 *
 * Expected by hand: by month Mar 1, Apr 2, Jun 1; by fiscal year 2024-25 1, 2025-26 3; in all 4.
 * Every answer is also asked again with a filter that narrows nothing (`hours_gte: 0`), which
 * the rollup cannot take, so the base table answers it: the two must be equal.
 */
const ctx = useTestContext({ now: '2026-06-15T12:00:00Z' });
let manager: { token: string; user: CurrentUser };
let programManager: { token: string; user: CurrentUser };

async function userOf(created: { token: string; user: { id: number } }) {
  const user = (await ctx.knex('users').where({ id: created.user.id }).first('id', 'email', 'full_name', 'role', 'organization_id')) as CurrentUser;
  return { token: created.token, user };
}

beforeAll(async () => {
  const f = factories(ctx.knex);
  const north = await f.organization({ name: 'Agency North' });
  const south = await f.organization({ name: 'Agency South' });
  const n = await f.cspCase({ organization_id: north, referral_date: '2025-01-10', initiated_on: '2025-02-01' });
  const s = await f.cspCase({ organization_id: south, referral_date: '2025-01-20', initiated_on: '2025-03-01' });
  for (const [plan, date] of [[n.planId, '2025-03-31'], [n.planId, '2025-04-01'], [s.planId, '2025-04-01'], [s.planId, '2025-05-15'], [n.planId, '2025-06-30']] as const) {
    await f.activity({ service_plan_id: plan, activity_date: date });
  }
  await ctx.knex('service_activities').where({ activity_date: '2025-05-15' }).delete();
  manager = await userOf(await ctx.createUser({ role: 'ministry_manager' }));
  programManager = await userOf(await ctx.createUser({ role: 'program_manager', organization_id: north }));
});

async function ask(token: string, spec: object) {
  const res = await ctx.api(token).post('/api/questions/run', spec);
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
  return (res.body as { rows: { group: unknown[]; value: unknown }[] }).rows.map((r) => [...r.group, r.value]);
}

const byBucket = (bucket: string) => ({ resource: 'service_activities', group_by: [{ field: 'activity_date', bucket }], measure: { fn: 'count' } });
const narrowingNothing = (spec: object) => ({ ...spec, filter: { hours_gte: 0 } });

function statement(user: CurrentUser, spec: object, extraFilter: Record<string, unknown> = {}): string {
  const context = { resources, user };
  return compileQuestion(resolveQuestion(spec, context), context, ctx.knex, extraFilter).query.toSQL().sql;
}

describe('answered from the rollup', () => {
  it('by month and fiscal year, a month whose only activity was deleted has no group', async () => {
    expect(await ask(manager.token, byBucket('month'))).toEqual([['2025-03-01', 1], ['2025-04-01', 2], ['2025-06-01', 1]]);
    expect(await ask(manager.token, byBucket('fiscal_year'))).toEqual([['2024-04-01', 1], ['2025-04-01', 3]]);
  });

  it('without groups, the count of every activity', async () => {
    expect(await ask(manager.token, { resource: 'service_activities', measure: { fn: 'count' } })).toEqual([[4]]);
  });

  it.each(['day', 'week', 'month', 'quarter', 'fiscal_year'])('by %s, the same answer as the base table', async (bucket) => {
    expect(statement(manager.user, byBucket(bucket))).toContain('from "rollup_activity_hours"');
    expect(statement(manager.user, narrowingNothing(byBucket(bucket)))).not.toContain('rollup_activity_hours');
    expect(await ask(manager.token, byBucket(bucket))).toEqual(await ask(manager.token, narrowingNothing(byBucket(bucket))));
  });
});

describe('answered from the base table', () => {
  it('for a caller who sees fewer activities than every organisation: only North’s 3', async () => {
    expect(statement(programManager.user, byBucket('month'))).not.toContain('rollup_activity_hours');
    expect(await ask(programManager.token, byBucket('month'))).toEqual([['2025-03-01', 1], ['2025-04-01', 1], ['2025-06-01', 1]]);
  });

  it('with a filter of its own or a dashboard’s, another measure, or a group the rollup does not hold', () => {
    expect(statement(manager.user, byBucket('month'), { kind: 'direct' })).not.toContain('rollup_activity_hours');
    expect(statement(manager.user, { ...byBucket('month'), measure: { fn: 'sum', field: 'hours' } })).not.toContain('rollup_activity_hours');
    expect(statement(manager.user, { resource: 'service_activities', group_by: [{ field: 'kind' }], measure: { fn: 'count' } })).not.toContain('rollup_activity_hours');
    expect(statement(manager.user, { resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'month' }, { field: 'kind' }], measure: { fn: 'count' } })).not.toContain(
      'rollup_activity_hours',
    );
  });
});
