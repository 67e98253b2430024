import { COMPLIANCE_RULES } from '../../contract/enums';
import type { CurrentUser } from '../../server/access/roles';
import { groupBySameScope } from '../../server/access/scope';
import { countItems, countItemsByScopeKeys, type RuleCount } from '../../server/compliance/items';
import { withClock } from '../../server/db/clock';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, createSupportRequest, factories, insertRow, type Provider } from '../helpers/factories';

/**
 * The digest's set-based count (every item joined to its scope keys, each group of users to
 * theirs, server/access/scope.ts) must count what the calendar counts for each user on its own
 * (countItems with the user as viewer: the scope subqueries of every rule's resource). Every rule,
 * for every user of two agencies, two providers (one with two places) and the ministry: org
 * administrators, coordinators, programme managers of one and of two places, portal workers with
 * no assignment, with one ended yesterday and with one ending today (still open), and an agency's
 * CSP referral placed at a provider's home (its staff see it through the place). Boundaries: a
 * referral due exactly today (due, not overdue), a draft due on the week's last day (counted)
 * and one due the day after (not).
 */
const ctx = useTestContext({ now: '2026-01-05T07:00:00Z' });
const TODAY = '2026-01-05';
const WEEK_END = '2026-01-11';
const users: Record<string, CurrentUser> = {};
let p1: Provider;

beforeAll(async () => {
  const f = factories(ctx.knex);
  const user = async (name: string, role: CurrentUser['role'], organization_id: number | null) => {
    users[name] = (await ctx.createUser({ role, organization_id })).user;
  };
  const agencyA = await f.organization();
  const agencyB = await f.organization();
  const waiting = async (organization_id: number, referral_date: string) => {
    const referralId = await f.referral({ organization_id, referral_date });
    const childId = await f.child();
    await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible', eligibility_decided_on: referral_date });
    return { referralId, childId };
  };
  // csp_wait_target_days is 60: due 2025-11-30 (overdue), 2026-01-05 (today: due) and 2026-01-09.
  await waiting(agencyA, '2025-10-01');
  await waiting(agencyA, '2025-11-06');
  const placed = await waiting(agencyB, '2025-11-10');
  // Initiated 2025-07-01 and quiet since: active up to 2025-12-31, overdue.
  await f.cspCase({ organization_id: agencyA, referral_date: '2025-06-01', initiated_on: '2025-07-01' });
  for (const [name, role, org] of [
    ['adminA', 'org_admin', agencyA],
    ['coordinatorA', 'coordinator', agencyA],
    ['coordinatorA2', 'coordinator', agencyA],
    ['adminB', 'org_admin', agencyB],
    ['coordinatorB', 'coordinator', agencyB],
  ] as const) {
    await user(name, role, org);
  }

  p1 = await createProvider(ctx);
  const p2 = await createProvider(ctx);
  await createShssPlan(ctx.knex, p1, { status: 'in_service', approved_on: '2025-11-20', approved_by: 'Dr. Lee' });
  const secondPlace = await f.placeOfService({ organization_id: p1.orgId });
  const second = await createPlacement(ctx.knex, p1, { place_of_service_id: secondPlace, start_date: '2025-12-01' });
  await createShssPlan(ctx.knex, p1, { placement_id: second.id, status: 'in_service', approved_on: '2025-12-15', approved_by: 'Dr. Lee' });
  await createPlacement(ctx.knex, p1, { child_id: placed.childId, referral_id: placed.referralId, start_date: '2026-01-02' });
  await createSupportRequest(ctx.knex, p1, { created_at: '2025-12-12T16:00:00Z' });
  await createSupportRequest(ctx.knex, p1, { created_at: '2025-12-13T16:00:00Z' });
  for (const role of ['org_admin', 'program_manager', 'portal_worker'] as const) {
    users[`p1 ${role}`] = await ctx.knex('users').where({ id: p1.as[role].id }).first();
    users[`p2 ${role}`] = await ctx.knex('users').where({ id: p2.as[role].id }).first();
  }
  users.ministry = await ctx.knex('users').where({ id: p1.as.ministry_manager.id }).first();
  for (const name of ['managerOfBoth', 'workerOfSecond', 'workerWithout', 'workerEndedYesterday', 'workerEndingToday']) {
    await user(name, name.startsWith('manager') ? 'program_manager' : 'portal_worker', p1.orgId);
  }
  const assign = (name: string, place: number, ended_on: string | null = null) =>
    insertRow(ctx.knex, 'place_assignments', { user_id: users[name].id, place_of_service_id: place, assigned_on: '2025-01-01', ended_on });
  await assign('managerOfBoth', p1.placeId);
  await assign('managerOfBoth', secondPlace);
  await assign('workerOfSecond', secondPlace);
  await assign('workerEndedYesterday', p1.placeId, '2026-01-04');
  await assign('workerEndingToday', p1.placeId, TODAY);
});

const query = { today: TODAY, from: '1900-01-01', to: WEEK_END, rules: COMPLIANCE_RULES };
/** The database as the job sees it: open assignments are judged on the clock's today, as the scope does. */
const db = () => withClock(ctx.knex, () => ctx.clock.now);

/** The calendar's count for one user, summed over the days. */
async function perUser(user: CurrentUser): Promise<RuleCount[]> {
  const cells = await countItems(db(), { ...query, organization_id: null, place_of_service_id: null, status: null, due_on: null, viewers: [user] });
  const sums = new Map<string, RuleCount>();
  for (const { rule, status, count } of cells) {
    const sum = sums.get(`${rule}:${status}`) ?? { rule, status, count: 0 };
    sum.count += count;
    sums.set(`${rule}:${status}`, sum);
  }
  return [...sums.values()].sort((a, b) => `${a.rule}:${a.status}`.localeCompare(`${b.rule}:${b.status}`));
}

it("counts for each group of users exactly what the calendar counts for each of its users alone", async () => {
  const groups = await groupBySameScope(db(), Object.values(users));
  const counted = await countItemsByScopeKeys(db(), query, groups.map((group) => group.keys));
  const byUser = new Map(groups.flatMap((group, i) => group.users.map((user) => [user.id, counted[i]] as const)));
  const actual: Record<string, RuleCount[]> = {};
  const expected: Record<string, RuleCount[]> = {};
  for (const [name, user] of Object.entries(users)) {
    actual[name] = [...byUser.get(user.id)!].sort((a, b) => `${a.rule}:${a.status}`.localeCompare(`${b.rule}:${b.status}`));
    expected[name] = await perUser(user);
  }
  expect(actual).toEqual(expected);

  // The fixture reaches every kind of key, by hand from the dates above.
  const of = (name: string, rule: string) => Object.fromEntries(actual[name].filter((c) => c.rule === rule).map((c) => [c.status, c.count]));
  expect(of('coordinatorA', 'csp_referral_waiting')).toEqual({ overdue: 1, due: 1 });
  expect(of('coordinatorA', 'csp_plan_inactive')).toEqual({ overdue: 1 });
  expect(of('coordinatorB', 'csp_referral_waiting')).toEqual({ due: 1 });
  expect(of('p1 portal_worker', 'csp_referral_waiting')).toEqual({ due: 1 });
  expect(of('workerOfSecond', 'csp_referral_waiting')).toEqual({});
  expect(of('p1 portal_worker', 'monthly_check_in')).toEqual({ overdue: 2 });
  expect(of('workerOfSecond', 'monthly_check_in')).toEqual({ overdue: 1 });
  expect(of('managerOfBoth', 'monthly_check_in')).toEqual({ overdue: 3 });
  expect(of('workerEndingToday', 'monthly_check_in')).toEqual({ overdue: 2 });
  expect(of('p1 org_admin', 'support_request_draft')).toEqual({ due: 1 });
  expect(of('p2 org_admin', 'shss_plan_due')).toEqual({ overdue: 1 });
  expect(of('ministry', 'csp_referral_waiting')).toEqual({ overdue: 1, due: 2 });
  expect(actual.workerWithout).toEqual([]);
  expect(actual.workerEndedYesterday).toEqual([]);
  expect(groups.find((group) => group.users.some((u) => u.id === users.coordinatorA2.id))!.users.map((u) => u.id)).toEqual([users.coordinatorA.id, users.coordinatorA2.id]);
});
