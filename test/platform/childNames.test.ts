import { useTestContext } from '../helpers/context';
import { buildWorld, type World } from '../helpers/world';

/**
 * Records about a child carry its name, and `q` finds them by that name and by their number,
 * only among what the caller may see (the world's children are "Child Of <tag>").
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

const list = (token: string, resource: string, filter: Record<string, unknown>) =>
  ctx.api(token).get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,99]`);

const CHILD_RESOURCES = ['service_plans', 'placements', 'referrals', 'referral_children', 'monthly_check_ins', 'daily_logs'] as const;

describe('child_name', () => {
  it.each(CHILD_RESOURCES)('names the child on every %s row the worker sees, and on the record', async (resource) => {
    const res = await list(world.tokens.portal_worker, resource, {});
    expect(res.status).toBe(200);
    const id = world.records[resource].A1!;
    const row = res.body.find((r: { id: number }) => r.id === id);
    expect(row.child_name).toBe('Child Of A1');
    expect(res.body.every((r: { child_name: string }) => r.child_name === 'Child Of A1')).toBe(true);
    const one = await ctx.api(world.tokens.portal_worker).get(`/api/${resource}/${id}`);
    expect(one.body.child_name).toBe('Child Of A1');
  });

  it('lists every child of a referral, and a write answers the name and takes it back unchanged', async () => {
    const referralId = world.records.referrals.A1 as number;
    const [extra] = await ctx.knex('children').insert({ first_name: 'Ana', last_name: 'Patel', birth_date: '2016-02-01' }).returning('id');
    await ctx.knex('referral_children').insert({ referral_id: referralId, child_id: extra.id, eligibility: 'pending' });
    const admin = ctx.api(world.tokens.org_admin);
    const referral = (await admin.get(`/api/referrals/${referralId}`)).body;
    expect(referral.child_name).toBe('Child Of A1, Ana Patel');
    const saved = await admin.put(`/api/referrals/${referralId}`, { ...referral, referrer_name: 'Dr. Chen' });
    expect(saved.status).toBe(200);
    expect(saved.body.child_name).toBe(referral.child_name);
    await ctx.knex('referral_children').where({ child_id: extra.id }).delete();
    await ctx.knex('children').where({ id: extra.id }).delete();
  });

  it("names a referral's children in the order they were referred, whatever their ids or names", async () => {
    const [org] = await ctx.knex('organizations').insert({ name: 'Order Agency', kind: 'coordinating_agency' }).returning('id');
    const [referral] = await ctx.knex('referrals').insert({ organization_id: org.id, program: 'CSP', referral_date: '2025-11-01', source_type: 'other' }).returning('id');
    // created Mia, Ben, Zoe (ascending ids), referred Zoe, Mia, Ben
    const ids: Record<string, number> = {};
    for (const first of ['Mia', 'Ben', 'Zoe']) {
      [{ id: ids[first] }] = await ctx.knex('children').insert({ first_name: first, last_name: 'Order', birth_date: '2015-05-05' }).returning('id');
    }
    for (const first of ['Zoe', 'Mia', 'Ben']) await ctx.knex('referral_children').insert({ referral_id: referral.id, child_id: ids[first], eligibility: 'pending' });
    const admin = ctx.api(world.tokens.system_admin);
    expect((await admin.get(`/api/referrals/${referral.id}`)).body.child_name).toBe('Zoe Order, Mia Order, Ben Order');
    const listed = await list(world.tokens.system_admin, 'referrals', { id: referral.id });
    expect(listed.body[0].child_name).toBe('Zoe Order, Mia Order, Ben Order');
    // the Children tab's order (id ascending) is the same
    const tab = await ctx.api(world.tokens.system_admin).get(`/api/referral_children?filter=${encodeURIComponent(JSON.stringify({ referral_id: referral.id }))}&sort=["id","ASC"]`);
    expect(tab.body.map((r: { child_name: string }) => r.child_name)).toEqual(['Zoe Order', 'Mia Order', 'Ben Order']);
  });

  it('is a read-only, searched field of /api/meta for those resources only', async () => {
    const meta = (await ctx.api(world.tokens.portal_worker).get('/api/meta')).body;
    const plans = meta.resources.find((r: { name: string }) => r.name === 'service_plans');
    expect(plans.fields[1]).toMatchObject({ name: 'child_name', type: 'string', read_only: true, filterable: false, sortable: false });
    expect(plans.search).toContain('child_name');
    const tasks = meta.resources.find((r: { name: string }) => r.name === 'tasks');
    expect(tasks.fields.map((f: { name: string }) => f.name)).not.toContain('child_name');
  });
});

describe('child_name in a download', () => {
  /** The download's `child_name` by record id (headers are the field names; the names hold no comma but a referral's list of them). */
  async function downloadedNames(token: string, resource: string): Promise<Record<number, string>> {
    const res = await ctx.api(token).get(`/api/${resource}?format=csv&headers=fields`);
    expect(res.status).toBe(200);
    const [header, ...rows] = res.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    const column = header.split(',').indexOf('child_name');
    expect(column).toBeGreaterThan(0);
    const cells = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, ''));
    return Object.fromEntries(rows.map((line) => [Number(cells(line)[0]), cells(line)[column]]));
  }

  it.each(['referrals', 'monthly_check_ins', 'daily_logs', 'placements', 'service_plans'])('names the child of every %s row as the list does, only children the caller may see', async (resource) => {
    for (const role of ['portal_worker', 'coordinator', 'system_admin'] as const) {
      const listed = (await list(world.tokens[role], resource, {})).body as { id: number; child_name: string | null }[];
      const names = await downloadedNames(world.tokens[role], resource);
      expect(names).toEqual(Object.fromEntries(listed.map((row) => [row.id, row.child_name ?? ''])));
    }
  });

  it("lists every child of a referral, as the list does", async () => {
    const referralId = world.records.referrals.A1 as number;
    const [extra] = await ctx.knex('children').insert({ first_name: 'Ana', last_name: 'Patel', birth_date: '2016-02-01' }).returning('id');
    await ctx.knex('referral_children').insert({ referral_id: referralId, child_id: extra.id, eligibility: 'pending' });
    try {
      for (const role of ['portal_worker', 'system_admin'] as const) {
        const listed = (await list(world.tokens[role], 'referrals', { id: referralId })).body[0].child_name;
        const downloaded = (await downloadedNames(world.tokens[role], 'referrals'))[referralId];
        expect(downloaded.split(', ').sort()).toEqual(['Ana Patel', 'Child Of A1']);
        expect(downloaded.split(', ').sort()).toEqual(listed.split(', ').sort());
      }
    } finally {
      await ctx.knex('referral_children').where({ child_id: extra.id }).delete();
      await ctx.knex('children').where({ id: extra.id }).delete();
    }
  });
});

describe('q by child name and number', () => {
  it("finds a child's plans by last name, every word in some name", async () => {
    const res = await list(world.tokens.system_admin, 'service_plans', { q: 'child of b' });
    expect(res.body.map((r: { id: number }) => r.id)).toEqual([world.records.service_plans.B]);
    const checkIns = await list(world.tokens.system_admin, 'monthly_check_ins', { q: 'of a2' });
    expect(checkIns.body.map((r: { id: number }) => r.id)).toEqual([world.records.monthly_check_ins.A2]);
    const logs = await list(world.tokens.system_admin, 'daily_logs', { q: 'A2' });
    expect(logs.body.map((r: { id: number }) => r.id)).toEqual([world.records.daily_logs.A2]);
    const referrals = await list(world.tokens.system_admin, 'referrals', { q: 'Of B' });
    expect(referrals.body.map((r: { id: number }) => r.id)).toEqual([world.records.referrals.B]);
  });

  it('never finds a child outside the caller’s scope', async () => {
    const worker = await list(world.tokens.portal_worker, 'service_plans', { q: 'Of B' });
    expect(worker.status).toBe(200);
    expect(worker.body).toEqual([]);
    const coordinator = await list(world.tokens.coordinator, 'placements', { q: 'Of A1' });
    expect(coordinator.body).toEqual([]);
    const mine = await list(world.tokens.coordinator, 'service_plans', { q: 'Child' });
    expect(mine.body.map((r: { id: number }) => r.id)).toEqual([world.records.service_plans.C]);
  });

  it('finds a record by its number, with or without #', async () => {
    const id = world.records.placements.A2 as number;
    for (const q of [String(id), `#${id}`]) {
      const res = await list(world.tokens.org_admin, 'placements', { q });
      expect(res.body.map((r: { id: number }) => r.id)).toEqual([id]);
    }
    expect((await list(world.tokens.portal_worker, 'placements', { q: String(id) })).body).toEqual([]);
  });

  it('searches a resource with no text fields of its own (daily logs) and still refuses q where nothing is searched', async () => {
    expect((await list(world.tokens.portal_worker, 'daily_logs', { q: 'Child' })).body.map((r: { id: number }) => r.id)).toEqual([world.records.daily_logs.A1]);
    const refused = await list(world.tokens.system_admin, 'place_assignments', { q: 'x' });
    expect(refused.status).toBe(400);
  });
});
