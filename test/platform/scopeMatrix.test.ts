import { ROLES, type Role } from '../../contract/enums';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { storedRecord } from '../helpers/records';
import { ALL_TAGS, VISIBLE_TAGS, buildWorld, payloadLike, type Tag, type World } from '../helpers/world';

/**
 * The role × resource matrix: every role tries to list, read, create, update and delete every
 * resource of docs/domain.md, on records inside and outside its scope. The expected answers are
 * written here by hand from docs/domain.md's roles table, not read from the declarations.
 */
const SA: Role[] = ['system_admin'];
const CM: Role[] = ['system_admin', 'org_admin', 'program_manager'];
const FL: Role[] = [...CM, 'portal_worker'];
const PL: Role[] = [...CM, 'coordinator'];
const ORG_ADMINS: Role[] = ['system_admin', 'org_admin'];
const NONE: Role[] = [];

interface Expected {
  create: Role[];
  update: Role[];
  delete: Role[];
}

const WRITES: Record<string, Expected> = {
  organizations: { create: SA, update: SA, delete: SA },
  places_of_service: { create: ORG_ADMINS, update: ORG_ADMINS, delete: SA },
  service_types: { create: SA, update: SA, delete: SA },
  contracts: { create: SA, update: SA, delete: SA },
  children: { create: PL, update: PL, delete: CM },
  referrals: { create: PL, update: PL, delete: SA },
  referral_children: { create: PL, update: PL, delete: SA },
  placements: { create: CM, update: CM, delete: SA },
  respite_stays: { create: FL, update: FL, delete: SA },
  service_plans: { create: PL, update: PL, delete: SA },
  care_circle_members: { create: FL, update: FL, delete: SA },
  plan_services: { create: PL, update: PL, delete: SA },
  progress_reviews: { create: PL, update: PL, delete: SA },
  monthly_check_ins: { create: FL, update: FL, delete: SA },
  daily_logs: { create: FL, update: FL, delete: SA },
  daily_log_entries: { create: FL, update: FL, delete: SA },
  events: { create: FL, update: FL, delete: SA },
  tasks: { create: FL, update: FL, delete: SA },
  service_activities: { create: PL, update: PL, delete: SA },
  staff_allocations: { create: ORG_ADMINS, update: ORG_ADMINS, delete: ORG_ADMINS },
  expenditures: { create: ORG_ADMINS, update: ORG_ADMINS, delete: ORG_ADMINS },
  complaints: { create: PL, update: PL, delete: SA },
  support_request_types: { create: SA, update: SA, delete: SA },
  check_in_questions: { create: SA, update: SA, delete: SA },
  support_requests: { create: CM, update: CM, delete: SA },
  payments: { create: SA, update: [...SA, 'ministry_finance'], delete: SA },
  payment_summaries: { create: NONE, update: NONE, delete: NONE },
  compliance_settings: { create: NONE, update: SA, delete: NONE },
};

/** Lookups: everyone reads every row. */
const LOOKUPS = new Set(['service_types', 'support_request_types', 'check_in_questions', 'compliance_settings']);

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

function visible(resource: string, role: Role, tag: Tag): boolean {
  if (LOOKUPS.has(resource)) return true;
  return VISIBLE_TAGS[role].includes(tag);
}

function taggedRecords(resource: string): [Tag, number | string][] {
  return Object.entries(world.records[resource] ?? {}) as [Tag, number | string][];
}

const stored = (resource: string, id: number | string) => storedRecord(ctx, resource, id);

const matrixResources = Object.keys(WRITES);

it('covers every declared resource of docs/domain.md', () => {
  const declared = resources.map((r) => r.name).sort();
  // The owners' records of issue 13 have their own sharing tests (test/questions/saved.test.ts).
  const bi = ['questions', 'dashboards', 'dashboard_cards', 'report_subscriptions', 'report_deliveries'];
  // Imports are written only by an import; their scope and cancel are tested in test/import/import.test.ts.
  // Submissions of issue 12 and their due dates are tested by role in test/submissions/submissions.test.ts.
  const submissions = ['report_submissions', 'submission_due_dates'];
  const covered = [...matrixResources, 'users', 'place_assignments', 'notifications', 'audit_events', 'outbox_messages', 'job_runs', ...bi, 'imports', ...submissions].sort();
  expect(declared).toEqual(covered);
});

describe.each(matrixResources)('%s', (resource) => {
  describe.each([...ROLES])('as %s', (role) => {
    it('lists only the records in scope', async () => {
      const res = await ctx.api(world.tokens[role]).get(`/api/${resource}?range=[0,999]`);
      expect(res.status).toBe(200);
      const ids = new Set((res.body as { id: number | string }[]).map((r) => r.id));
      for (const [tag, id] of taggedRecords(resource)) {
        expect({ tag, listed: ids.has(id) }).toEqual({ tag, listed: visible(resource, role, tag) });
      }
      expect(res.headers['content-range']).toMatch(new RegExp(`^${resource} (\\d+-\\d+|\\*)/${ids.size}$`));
    });

    it('reads a record in scope and gets 404 outside it', async () => {
      for (const [tag, id] of taggedRecords(resource)) {
        const res = await ctx.api(world.tokens[role]).get(`/api/${resource}/${id}`);
        expect({ tag, status: res.status }).toEqual({ tag, status: visible(resource, role, tag) ? 200 : 404 });
      }
    });

    it('updates in scope only when its role may, and never outside scope', async () => {
      for (const [tag, id] of taggedRecords(resource)) {
        const record = await stored(resource, id);
        const body = { ...record, id };
        const res = await ctx.api(world.tokens[role]).put(`/api/${resource}/${id}`, body);
        const expected = !WRITES[resource].update.includes(role) ? 403 : visible(resource, role, tag) ? 200 : 404;
        expect({ tag, status: res.status, body: res.status === 200 ? 'record' : res.body }).toEqual({
          tag,
          status: expected,
          body:
            expected === 200
              ? 'record'
              : { message: expect.any(String), code: expect.any(String), errors: expect.any(Object), message_code: expect.any(String), params: expect.any(Object), field_codes: expect.any(Object) },
        });
      }
    });

    it('creates under a parent in scope only when its role may, and gets 404 under one outside', async () => {
      const allowed = WRITES[resource].create.includes(role);
      const tags = taggedRecords(resource).map(([tag]) => tag);
      const inside = tags.find((tag) => visible(resource, role, tag));
      // A referral's parent is its organisation: the front line takes in referrals for all of it.
      const parentVisible = (tag: Tag) =>
        resource === 'referrals' && ['program_manager', 'portal_worker'].includes(role) ? tag !== 'B' : visible(resource, role, tag);
      const outside = tags.find((tag) => !parentVisible(tag));
      if (!allowed) {
        const res = await ctx.api(world.tokens[role]).post(`/api/${resource}`, await payloadLike(ctx, world, resource, tags[0]));
        expect(res.status).toBe(403);
        return;
      }
      if (inside) {
        const res = await ctx.api(world.tokens[role]).post(`/api/${resource}`, await payloadLike(ctx, world, resource, inside));
        expect({ inside, status: res.status, body: res.body }).toMatchObject({ inside, status: 201 });
      }
      if (outside && resource !== 'children') {
        const res = await ctx.api(world.tokens[role]).post(`/api/${resource}`, await payloadLike(ctx, world, resource, outside));
        expect({ outside, status: res.status }).toEqual({ outside, status: 404 });
      }
    });

    it('deletes only when its role may, and never outside scope', async () => {
      const allowed = WRITES[resource].delete.includes(role);
      const outside = taggedRecords(resource).find(([tag]) => !visible(resource, role, tag));
      const target = outside ?? taggedRecords(resource)[0];
      const before = await stored(resource, target[1]);
      if (!allowed) {
        expect((await ctx.api(world.tokens[role]).delete(`/api/${resource}/${target[1]}`)).status).toBe(403);
      } else if (outside) {
        expect((await ctx.api(world.tokens[role]).delete(`/api/${resource}/${outside[1]}`)).status).toBe(404);
      }
      expect(await stored(resource, target[1])).toEqual(before);
    });
  });
});

describe('system tables', () => {
  it.each(['audit_events', 'outbox_messages', 'job_runs'])('%s are visible to global readers only and never writable', async (resource) => {
    await ctx.knex('job_runs').insert({ job: 'refresh-payment-summaries', as_of: '2026-01-15', started_at: new Date(), status: 'succeeded' });
    await ctx.knex('outbox_messages').insert({ topic: 'icm.check_in', payload: JSON.stringify({}), status: 'pending', idempotency_key: `k-${resource}` });
    const [{ rows }] = await ctx.knex(resource).count({ rows: '*' });
    for (const role of ROLES) {
      const res = await ctx.api(world.tokens[role]).get(`/api/${resource}`);
      if (['system_admin', 'ministry_manager', 'ministry_finance'].includes(role)) {
        expect(res.status).toBe(200);
        expect(Number(String(res.headers['content-range']).split('/')[1])).toBe(rows);
      } else {
        expect(res.status).toBe(403);
      }
      expect((await ctx.api(world.tokens[role]).post(`/api/${resource}`, { job: 'x' })).status).toBe(403);
    }
  });

  it('shows each user only its own notifications', async () => {
    await ctx.knex('notifications').insert([
      { user_id: world.users.program_manager.id, kind: 'plan_closing', message: 'For the PM' },
      { user_id: world.users.portal_worker.id, kind: 'plan_closing', message: 'For the worker' },
    ]);
    const res = await ctx.api(world.tokens.program_manager).get('/api/notifications');
    expect(res.body.map((n: { message: string }) => n.message)).toEqual(['For the PM']);
    const other = await ctx.knex('notifications').where({ user_id: world.users.portal_worker.id }).first();
    expect((await ctx.api(world.tokens.program_manager).get(`/api/notifications/${other.id}`)).status).toBe(404);
    expect((await ctx.api(world.tokens.program_manager).put(`/api/notifications/${other.id}`, { read_at: '2026-01-15T12:00:00.000Z' })).status).toBe(404);
  });

  it('shows scoped roles only the users of their own organisation', async () => {
    const ofOrg = async (role: Role) => {
      const res = await ctx.api(world.tokens[role]).get('/api/users?range=[0,999]');
      return new Set((res.body as { organization_id: number }[]).map((u) => u.organization_id));
    };
    expect(await ofOrg('org_admin')).toEqual(new Set([world.orgs.A]));
    expect(await ofOrg('coordinator')).toEqual(new Set([world.orgs.C]));
    expect((await ofOrg('ministry_manager')).size).toBeGreaterThan(3);
    const outsider = await ctx.knex('users').where({ organization_id: world.orgs.B }).first();
    expect((await ctx.api(world.tokens.org_admin).get(`/api/users/${outsider.id}`)).status).toBe(404);
    expect((await ctx.api(world.tokens.org_admin).put(`/api/users/${outsider.id}`, { full_name: 'Taken over' })).status).toBe(404);
  });

  it('never returns a password hash', async () => {
    const res = await ctx.api(world.tokens.system_admin).get('/api/users?range=[0,999]');
    expect(res.body.length).toBeGreaterThan(5);
    expect(JSON.stringify(res.body)).not.toMatch(/password/);
  });

  it('lets an organisation administrator manage place assignments of its own places only', async () => {
    const placeA2 = world.records.places_of_service.A2!;
    const placeB = world.records.places_of_service.B!;
    const assign = (place: number | string) => ctx.api(world.tokens.org_admin).post('/api/place_assignments', { user_id: world.users.portal_worker.id, place_of_service_id: place, assigned_on: '2026-01-15' });
    expect((await assign(placeA2)).status).toBe(201);
    expect((await assign(placeB)).status).toBe(404);
    expect((await ctx.api(world.tokens.portal_worker).post('/api/place_assignments', { user_id: world.users.portal_worker.id, place_of_service_id: placeA2, assigned_on: '2026-01-16' })).status).toBe(403);
  });
});

it('tags every world record with a known tag', () => {
  for (const byTag of Object.values(world.records)) for (const tag of Object.keys(byTag)) expect(ALL_TAGS).toContain(tag);
});

describe('references to records outside scope', () => {
  it('refuses a task assigned to another organisation’s user, as not found', async () => {
    const outsider = await ctx.knex('users').where({ organization_id: world.orgs.B }).first();
    const res = await ctx.api(world.tokens.portal_worker).post('/api/tasks', { child_id: world.records.children.A1, service_plan_id: world.records.service_plans.A1, title: 'Call', status: 'open', assigned_to: outsider.id });
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual({ assigned_to: 'no such record' });
    const own = await ctx.api(world.tokens.portal_worker).post('/api/tasks', { child_id: world.records.children.A1, service_plan_id: world.records.service_plans.A1, title: 'Call', status: 'open', assigned_to: world.users.program_manager.id });
    expect(own.status).toBe(201);
  });

  it('refuses to move a placement onto another organisation’s contract', async () => {
    const placement = await storedRecord(ctx, 'placements', world.records.placements.A1!);
    const res = await ctx.api(world.tokens.program_manager).put(`/api/placements/${placement.id}`, { ...placement, contract_id: world.records.contracts.B });
    expect(res.status).toBe(404);
    expect((await storedRecord(ctx, 'placements', placement.id)).contract_id).toBe(world.records.contracts.A);
  });
});
