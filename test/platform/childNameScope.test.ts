import { ROLES, type Role } from '../../contract/enums';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { insertId } from '../helpers/factories';
import { buildWorld, type World } from '../helpers/world';

/**
 * Lists and records name their child without testing that the child is visible: a row in the
 * resource's scope implies it (the proof is in server/resources/childName.ts). Here every role
 * lists every resource that names a child, on a world with records arranged to cross that
 * implication, and every name it is shown must be the name of a child its own children list
 * holds. The children's names are unique, so a name stands for one child.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

const CHILD_RESOURCES = resources.filter((r) => r.child).map((r) => r.name);

/** The children only organisation B's records name: nobody of A or C may be shown them. */
const HIDDEN = 'Cross Hidden';

async function child(first: string, last: string, registeredBy: number | null = null): Promise<number> {
  return insertId(ctx.knex, 'children', { first_name: first, last_name: last, birth_date: '2016-03-01', registered_by_organization_id: registeredBy });
}

beforeAll(async () => {
  world = await buildWorld(ctx);
  const { knex } = ctx;
  const { orgs } = world;
  const place = (tag: 'A1' | 'A2' | 'B') => knex('places_of_service').where({ name: `Place ${tag === 'B' ? 'B1' : tag}` }).first('id');
  const [placeA1, placeA2] = [(await place('A1')).id, (await place('A2')).id];
  const contractA = (await knex('contracts').where({ organization_id: orgs.A }).first('id')).id;

  // The programme manager's assignment at A2 ended the day before: its placements, logs and
  // plans are out of scope again, and so is their child (Child Of A2).
  await insertId(knex, 'place_assignments', { user_id: world.users.program_manager.id, place_of_service_id: placeA2, assigned_on: '2025-01-01', ended_on: '2026-01-14' });

  // A child of B's intake whom A's intake referral names too: A's staff see it through that referral.
  const intake = await child('Cross', 'Intake', orgs.B);
  const referralB = await insertId(knex, 'referrals', { organization_id: orgs.B, program: 'SHSS', referral_date: '2025-08-01', source_type: 'self_family' });
  const referralA = await insertId(knex, 'referrals', { organization_id: orgs.A, program: 'SHSS', referral_date: '2025-08-02', source_type: 'self_family' });
  for (const referral of [referralB, referralA]) await insertId(knex, 'referral_children', { referral_id: referral, child_id: intake, eligibility: 'pending' });

  // B's placed referral names a second child whom nothing of A or C names.
  await insertId(knex, 'referral_children', { referral_id: world.records.referrals.B, child_id: await child('Cross', 'Hidden'), eligibility: 'pending' });

  // A child placed at A1 with a CSP referral and plan of agency D (invisible to A's staff and to C).
  const placed = await child('Cross', 'Placed');
  await insertId(knex, 'placements', { child_id: placed, place_of_service_id: placeA1, contract_id: contractA, kind: 'regular', start_date: '2025-09-01', status: 'active' });
  const referralD = await insertId(knex, 'referrals', { organization_id: orgs.D, program: 'CSP', referral_date: '2025-08-03', source_type: 'self_family' });
  await insertId(knex, 'referral_children', { referral_id: referralD, child_id: placed, eligibility: 'eligible' });
  await insertId(knex, 'service_plans', { child_id: placed, program: 'CSP', organization_id: orgs.D, referral_id: referralD, status: 'in_service', initiated_on: '2025-09-01', goals: 'Goals' });

  // A child on C's CSP referral with D's CSP plan: the coordinator of C sees the child, not the plan.
  const csp = await child('Cross', 'Csp');
  const referralC = await insertId(knex, 'referrals', { organization_id: orgs.C, program: 'CSP', referral_date: '2025-08-04', source_type: 'self_family' });
  await insertId(knex, 'referral_children', { referral_id: referralC, child_id: csp, eligibility: 'eligible' });
  await insertId(knex, 'service_plans', { child_id: csp, program: 'CSP', organization_id: orgs.D, referral_id: referralD, status: 'in_service', initiated_on: '2025-09-02', goals: 'Goals' });
});

const everything = (token: string, resource: string) => ctx.api(token).get(`/api/${resource}?range=[0,999]`);

/** The names each list of `role` shows, by resource. */
async function namesShown(role: Role): Promise<Record<string, string[]>> {
  const shown: Record<string, string[]> = {};
  for (const resource of CHILD_RESOURCES) {
    const res = await everything(world.tokens[role], resource);
    expect(res.status).toBe(200);
    shown[resource] = (res.body as { child_name: string | null }[]).flatMap((row) => (row.child_name ? row.child_name.split(', ') : []));
  }
  return shown;
}

async function visibleChildren(role: Role): Promise<Set<string>> {
  const res = await everything(world.tokens[role], 'children');
  expect(res.status).toBe(200);
  return new Set((res.body as { first_name: string; last_name: string }[]).map((c) => `${c.first_name} ${c.last_name}`));
}

it('covers every resource that names a child', () => {
  expect(CHILD_RESOURCES.sort()).toEqual(['daily_logs', 'monthly_check_ins', 'placements', 'referral_children', 'referrals', 'service_plans']);
});

it.each(ROLES)('shows %s only the names of children its children list holds', async (role) => {
  const visible = await visibleChildren(role);
  const shown = await namesShown(role);
  for (const [resource, names] of Object.entries(shown)) {
    expect({ resource, outside: names.filter((name) => !visible.has(name)) }).toEqual({ resource, outside: [] });
  }
  // Not vacuous: every role is shown names.
  expect(Object.values(shown).flat().length).toBeGreaterThan(0);
});

it('names a child seen through one record only, and never one only B sees', async () => {
  const manager = await namesShown('program_manager');
  expect(manager.referrals).toContain('Cross Intake');
  expect(manager.placements).toContain('Cross Placed');
  expect(manager.placements).not.toContain('Child Of A2');
  expect(manager.daily_logs).not.toContain('Child Of A2');
  const coordinator = await namesShown('coordinator');
  expect(coordinator.referrals).toContain('Cross Csp');
  expect(coordinator.service_plans).not.toContain('Cross Csp');
  for (const role of ['org_admin', 'program_manager', 'portal_worker', 'coordinator'] as const) {
    expect(await visibleChildren(role)).not.toContain(HIDDEN);
    expect(Object.values(await namesShown(role)).flat()).not.toContain(HIDDEN);
  }
  expect((await namesShown('system_admin')).referrals).toContain(HIDDEN);
});

it("refuses a plan whose child is not its placement's child (what the plans' part of the proof rests on)", async () => {
  const placementA1 = world.records.placements.A1 as number;
  const other = world.records.children.B as number;
  await expect(
    ctx.knex('service_plans').insert({ child_id: other, program: 'SHSS', organization_id: world.orgs.A, placement_id: placementA1, status: 'draft', goals: 'Goals' }),
  ).rejects.toMatchObject({ code: 'reference_rule', cause: { constraint: 'service_plans_placement_child_foreign' } });
});
