import { useTestContext } from '../helpers/context';
import { storedRecord } from '../helpers/records';
import { buildWorld, type World } from '../helpers/world';

/** Optimistic concurrency, the audit trail, and archiving instead of deleting case records. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

describe('versions', () => {
  it('bumps the version on each update', async () => {
    const id = world.records.tasks.A1!;
    const plan = await storedRecord(ctx, 'service_plans', world.records.service_plans.A1!);
    const res = await ctx.api(world.tokens.program_manager).put(`/api/service_plans/${plan.id}`, { ...plan, strengths: 'Loves music' });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(plan.version + 1);
    expect(res.body.strengths).toBe('Loves music');
    void id;
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const plan = await storedRecord(ctx, 'service_plans', world.records.service_plans.A1!);
    const first = await ctx.api(world.tokens.program_manager).put(`/api/service_plans/${plan.id}`, { ...plan, needs: 'First writer' });
    expect(first.status).toBe(200);
    const second = await ctx.api(world.tokens.org_admin).put(`/api/service_plans/${plan.id}`, { ...plan, needs: 'Second writer' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('stale_version');
    // who wrote it last and when, so the form can say "Changed by … at … since you opened it"
    const pm = await ctx.knex('users').where({ id: world.users.program_manager.id }).first('full_name');
    const changedAt = new Date((await storedRecord(ctx, 'service_plans', plan.id)).updated_at).toISOString();
    expect(changedAt).toBe('2026-01-15T12:00:00.000Z'); // the test's clock
    expect(second.body.detail).toEqual({ changed_by: pm.full_name, changed_by_user: true, changed_at: changedAt, version: plan.version + 1 });
    expect(second.body.message).toBe(
      `This record was changed by ${pm.full_name} at ${changedAt} since you opened it (you have version ${plan.version}, the current one is ${plan.version + 1}); reload it and try again`,
    );
    const after = await storedRecord(ctx, 'service_plans', plan.id);
    expect(after.needs).toBe('First writer');
    expect(after.version).toBe(plan.version + 1);
  });

  it('asks for the version when an update of a versioned record omits it', async () => {
    const log = await storedRecord(ctx, 'daily_logs', world.records.daily_logs.A1!);
    const { version: _v, ...withoutVersion } = log;
    const res = await ctx.api(world.tokens.portal_worker).put(`/api/daily_logs/${log.id}`, { ...withoutVersion, shift: 'evening' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ version: 'is required' });
    expect((await storedRecord(ctx, 'daily_logs', log.id)).shift).toBe('day');
  });
});

describe('audit', () => {
  it('writes before and after for create, update and delete, in the same transaction', async () => {
    const api = ctx.api(world.tokens.system_admin);
    const created = (await api.post('/api/organizations', { name: 'Audited', kind: 'partner_agency' })).body;
    await api.put(`/api/organizations/${created.id}`, { ...created, name: 'Audited Again' });
    await api.delete(`/api/organizations/${created.id}`);
    const rows = await ctx.knex('audit_events').where({ resource: 'organizations', record_id: String(created.id) }).orderBy('id');
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    expect(rows.every((r) => r.user_id === world.users.system_admin.id)).toBe(true);
    expect(rows[0].changes.before).toBeNull();
    expect(rows[0].changes.after.name).toBe('Audited');
    expect(rows[1].changes.before.name).toBe('Audited');
    expect(rows[1].changes.after.name).toBe('Audited Again');
    expect(rows[2].changes.before.name).toBe('Audited Again');
    expect(rows[2].changes.after).toBeNull();
  });

  it('writes no audit row when the change is refused', async () => {
    const before = Number((await ctx.knex('audit_events').count('* as n').first())!.n);
    const res = await ctx.api(world.tokens.system_admin).post('/api/organizations', { name: 'Bad', kind: 'nonsense' });
    expect(res.status).toBe(400);
    expect(Number((await ctx.knex('audit_events').count('* as n').first())!.n)).toBe(before);
  });

  it('never copies a password into the audit trail', async () => {
    const res = await ctx.api(world.tokens.system_admin).post('/api/users', { email: 'audited@test.example', full_name: 'Audited User', role: 'portal_worker', organization_id: world.orgs.A, password: 'Secret-pass-42' });
    expect(res.status).toBe(201);
    const row = await ctx.knex('audit_events').where({ resource: 'users', record_id: String(res.body.id) }).first();
    expect(JSON.stringify(row.changes)).not.toMatch(/Secret-pass-42|password/);
  });

  it('audits list downloads', async () => {
    const res = await ctx.api(world.tokens.ministry_manager).get('/api/referrals?format=csv');
    expect(res.status).toBe(200);
    const row = await ctx.knex('audit_events').where({ resource: 'referrals', action: 'export', user_id: world.users.ministry_manager.id }).first();
    expect(row.changes.after.format).toBe('csv');
  });
});

describe('archiving', () => {
  it('archives a child instead of deleting it for a programme manager, and keeps the row', async () => {
    const id = world.records.children.A1!;
    const res = await ctx.api(world.tokens.program_manager).delete(`/api/children/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.archived_at).toBe('2026-01-15T12:00:00.000Z');
    expect(await storedRecord(ctx, 'children', id)).toMatchObject({ id, archived_at: '2026-01-15T12:00:00.000Z' });
    const again = await ctx.api(world.tokens.program_manager).delete(`/api/children/${id}`);
    expect(again.status).toBe(409);
    const listed = await ctx.api(world.tokens.program_manager).get('/api/children?filter={"archived_at":null}');
    expect(listed.body.map((c: { id: number }) => c.id)).not.toContain(id);
    const audit = await ctx.knex('audit_events').where({ resource: 'children', record_id: String(id), action: 'archive' });
    expect(audit).toHaveLength(1);
  });

  it('refuses to hard-delete a case record for anyone but a system administrator', async () => {
    const id = world.records.placements.A1!;
    expect((await ctx.api(world.tokens.org_admin).delete(`/api/placements/${id}`)).status).toBe(403);
    const res = await ctx.api(world.tokens.system_admin).delete(`/api/placements/${id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/still referenced/);
  });
});
