import type { ComplianceRule } from '../../contract/enums';
import type { CurrentUser } from '../../server/access/roles';
import { countItems } from '../../server/compliance/items';
import { trusted } from '../../server/db/sql';
import { complianceRules } from '../../server/compliance/registry';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { DIGEST_LINES } from '../../server/jobs/sendComplianceDigest';
import { mayDo } from '../../server/resources/engine';
import { findResource } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, factories, insertRow, type Provider } from '../helpers/factories';

/**
 * The digest counts every rule once for everyone and narrows the counts to each group of users
 * who see the same records (same role, organisation and open place assignments). Each user's
 * digest must say what the calendar counts in that user's own scope (countItems with the user as
 * viewer, every rule evaluated for it alone): here for users who share a group (two coordinators
 * of one agency, two workers of one place) and users who do not (a worker of the provider's
 * second place, a programme manager of both places, a worker whose assignment ended).
 */
const ctx = useTestContext({ now: '2026-01-05T07:00:00Z' });
const TODAY = '2026-01-05';
const WEEK_END = '2026-01-11';
let provider: Provider;
const users: Record<string, CurrentUser> = {};

beforeAll(async () => {
  const f = factories(ctx.knex);
  const agency = await f.organization();
  // A CSP referral waiting since October (due 2025-11-30: overdue) and one since November (due 2026-01-09).
  for (const referral_date of ['2025-10-01', '2025-11-10']) {
    const referralId = await f.referral({ organization_id: agency, referral_date });
    await f.referralChild({ referral_id: referralId, child_id: await f.child(), eligibility: 'eligible', eligibility_decided_on: referral_date });
  }
  for (const name of ['coordinator1', 'coordinator2', 'agencyAdmin'] as const) {
    users[name] = (await ctx.createUser({ role: name === 'agencyAdmin' ? 'org_admin' : 'coordinator', organization_id: agency })).user;
  }

  provider = await createProvider(ctx);
  await createShssPlan(ctx.knex, provider, { status: 'in_service', approved_on: '2025-11-20', approved_by: 'Dr. Lee' });
  const secondPlace = await f.placeOfService({ organization_id: provider.orgId });
  const placement = await createPlacement(ctx.knex, provider, { place_of_service_id: secondPlace, start_date: '2025-12-01' });
  await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service', approved_on: '2025-12-15', approved_by: 'Dr. Lee' });
  const assign = (user: CurrentUser, place: number, ended_on: string | null = null) =>
    insertRow(ctx.knex, 'place_assignments', { user_id: user.id, place_of_service_id: place, assigned_on: '2025-01-01', ended_on });
  users.worker = await ctx.knex('users').where({ id: provider.as.portal_worker.id }).first();
  users.manager = await ctx.knex('users').where({ id: provider.as.program_manager.id }).first();
  users.providerAdmin = await ctx.knex('users').where({ id: provider.as.org_admin.id }).first();
  for (const name of ['sameWorker', 'secondWorker', 'endedWorker'] as const) {
    users[name] = (await ctx.createUser({ role: 'portal_worker', organization_id: provider.orgId })).user;
  }
  await assign(users.sameWorker, provider.placeId);
  await assign(users.secondWorker, secondPlace);
  await assign(users.endedWorker, provider.placeId, '2025-12-31');
  await assign(users.manager, secondPlace);
});

/** What the calendar counts for one user over its role's rules: the digest's parts, or none. */
async function expectedParts(user: CurrentUser) {
  const rules = complianceRules.filter((rule) => mayDo(findResource(rule.work.resource)!, user, rule.work.action)).map((rule) => rule.key);
  const cells = await countItems(ctx.knex, { today: TODAY, from: '1900-01-01', to: WEEK_END, organization_id: null, place_of_service_id: null, rules, status: null, due_on: null, viewers: [user] });
  const counts = new Map<ComplianceRule, { overdue: number; due: number }>();
  for (const cell of cells) {
    const c = counts.get(cell.rule) ?? { overdue: 0, due: 0 };
    c[cell.status] += cell.count;
    counts.set(cell.rule, c);
  }
  if (!counts.size) return null;
  const lines = rules.filter((rule) => counts.has(rule)).map((rule) => ({ message_code: DIGEST_LINES[rule], params: counts.get(rule) }));
  const total = (status: 'overdue' | 'due') => [...counts.values()].reduce((sum, c) => sum + c[status], 0);
  return [{ message_code: 'digest_week', params: { overdue: total('overdue'), due: total('due'), week_end: WEEK_END } }, ...lines];
}

it("gives each user the counts of its own scope, whether or not it shares its group's scope", async () => {
  const result = await runJob(findJob('send-compliance-digest')!, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => ctx.clock.now }, TODAY);
  expect(result.status).toBe('succeeded');
  const sent = await ctx.knex('notifications').where({ kind: 'compliance_digest', record_id: TODAY }).select('user_id', 'message_parts');
  const parts = new Map(sent.map((n: { user_id: string; message_parts: unknown }) => [Number(n.user_id), n.message_parts]));
  for (const [name, user] of Object.entries(users)) {
    expect({ name, parts: parts.get(user.id) ?? null }).toEqual({ name, parts: await expectedParts(user) });
  }
  // The scopes differ where they should: by hand from the fixture above.
  const monthly = (name: string) => (parts.get(users[name].id) as { message_code: string; params: unknown }[] | undefined)?.find((p) => p.message_code === DIGEST_LINES.monthly_check_in)?.params;
  expect(monthly('worker')).toEqual({ overdue: 2, due: 0 });
  expect(monthly('sameWorker')).toEqual({ overdue: 2, due: 0 });
  expect(monthly('secondWorker')).toEqual({ overdue: 1, due: 0 });
  expect(monthly('manager')).toEqual({ overdue: 3, due: 0 });
  expect(parts.has(users.endedWorker.id)).toBe(false);
  const waiting = { message_code: DIGEST_LINES.csp_referral_waiting, params: { overdue: 1, due: 1 } };
  expect(parts.get(users.coordinator1.id)).toContainEqual(waiting);
  expect(parts.get(users.coordinator2.id)).toContainEqual(waiting);
  expect(result.summary).toMatchObject({ notified: 8 });
});

it('has every rule select, as scope_id, the column its scope is judged on', () => {
  for (const rule of complianceRules) {
    const columns: string[] = [];
    const { text } = rule.items({ today: TODAY, from: TODAY, to: WEEK_END, inScope: (column) => (columns.push(column), trusted('true')) });
    expect({ rule: rule.key, columns: columns.length }).toEqual({ rule: rule.key, columns: 1 });
    expect(text).toContain(`(${columns[0]})::bigint as scope_id`);
  }
});
