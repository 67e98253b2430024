import { useTestContext } from '../helpers/context';
import { assignToPlace, createPlacement, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

async function notificationsOf(userId: number) {
  return ctx.knex('notifications').where({ user_id: userId }).orderBy('id');
}

describe('ending a placement', () => {
  it('ends it, and tells every plan editor who sees it the date the plan closes, 10 days after the end', async () => {
    const child = await insertRow(ctx.knex, 'children', { first_name: 'Maya', last_name: 'Thompson', birth_date: '2013-07-07' });
    const placement = await createPlacement(ctx.knex, provider, { child_id: child.id });
    const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
    const otherPlace = await insertRow(ctx.knex, 'places_of_service', { organization_id: provider.orgId, name: 'Other home' });
    const unassignedManager = await ctx.createUser({ role: 'program_manager', organization_id: provider.orgId });
    await assignToPlace(ctx.knex, unassignedManager.user.id, otherPlace.id);
    const inactiveAdmin = await ctx.createUser({ role: 'org_admin', organization_id: provider.orgId });
    await ctx.knex('users').where({ id: inactiveAdmin.user.id }).update({ active: false });
    const otherOrg = await insertRow(ctx.knex, 'organizations', { name: 'Elsewhere Homes', kind: 'service_provider' });
    const otherAdmin = await ctx.createUser({ role: 'org_admin', organization_id: otherOrg.id });

    const res = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-12', end_reason: 'Returned to family' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: placement.id, status: 'ended', end_date: '2026-01-12', end_reason: 'Returned to family' });

    const place = await ctx.knex('places_of_service').where({ id: provider.placeId }).first();
    for (const role of ['org_admin', 'program_manager'] as const) {
      const notes = await notificationsOf(provider.as[role].id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({
        kind: 'placement_ended',
        resource: 'placements',
        record_id: String(placement.id),
        read_at: null,
        message: `The placement of Maya Thompson at ${place.name} ended on 2026-01-12. The service plan (plan ${plan.id}) closes on 2026-01-22; finish its records before then.`,
      });
    }
    for (const userId of [provider.as.portal_worker.id, provider.as.system_admin.id, provider.as.ministry_manager.id, unassignedManager.user.id, inactiveAdmin.user.id, otherAdmin.user.id]) {
      expect(await notificationsOf(userId)).toHaveLength(0);
    }
    const [audit] = await auditRows(ctx.knex, 'placements', placement.id, 'end');
    expect(audit.changes.before.status).toBe('active');
    expect(audit.changes.after.status).toBe('ended');
    await ctx.knex('notifications').delete();
  });

  it.each([
    ['13 days', '2026-01-02', '2026-01-12'],
    ['10 days', '2026-01-05', '2026-01-15'],
  ])('closes the plans at once and says they closed when the end is recorded %s late (the clock says 2026-01-15)', async (_late, endDate, closedOn) => {
    const child = await insertRow(ctx.knex, 'children', { first_name: 'Leo', last_name: 'Park', birth_date: '2012-04-04' });
    const placement = await createPlacement(ctx.knex, provider, { child_id: child.id, start_date: '2025-06-01' });
    const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
    const res = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: endDate, end_reason: 'Moved away' });
    expect(res.status).toBe(200);
    expect(await ctx.knex('service_plans').where({ id: plan.id }).first('status', 'closed_reason', 'closed_on', 'version')).toEqual({
      status: 'closed', closed_reason: 'placement_ended', closed_on: closedOn, version: plan.version + 1,
    });
    const [closing] = await auditRows(ctx.knex, 'service_plans', plan.id, 'close');
    expect(closing.user_id).toBe(provider.as.program_manager.id);
    const place = await ctx.knex('places_of_service').where({ id: provider.placeId }).first();
    const [note] = await notificationsOf(provider.as.org_admin.id);
    expect(note.message).toBe(`The placement of Leo Park at ${place.name} ended on ${endDate}. The service plan (plan ${plan.id}) closed on ${closedOn}, 10 days after the end.`);
    await ctx.knex('notifications').delete();
  });

  it('says so when the placement has no open plan', async () => {
    const placement = await createPlacement(ctx.knex, provider, { status: 'interrupted' });
    const res = await provider.as.org_admin.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-15', end_reason: 'Moved' });
    expect(res.status).toBe(200);
    const [note] = await notificationsOf(provider.as.org_admin.id);
    expect(note.message).toMatch(/ended on 2026-01-15\. It has no open service plan\.$/);
    await ctx.knex('notifications').delete();
  });

  it.each(['ended', 'planned'])('refuses a placement that is %s with 409 naming its state', async (status) => {
    const placement = await createPlacement(ctx.knex, provider, { status, end_date: status === 'ended' ? '2025-12-01' : null });
    const res = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-10', end_reason: 'Moved' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`This placement is ${status}; it can be ended only when active or interrupted`);
  });

  it('asks for the end date and the reason', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const noDate = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_reason: 'Moved' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors).toEqual({ end_date: 'is required' });
    const noReason = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-10' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual({ end_reason: 'is required' });
  });

  it('refuses an end date in the future or before the start with 422', async () => {
    const placement = await createPlacement(ctx.knex, provider, { start_date: '2025-12-01' });
    const future = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-16', end_reason: 'Moved' });
    expect(future.status).toBe(422);
    expect(future.body.message).toBe('The end date cannot be in the future');
    const early = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2025-11-30', end_reason: 'Moved' });
    expect(early.status).toBe(422);
    expect(early.body.message).toBe('The end date cannot be before the placement started (2025-12-01)');
    expect((await ctx.knex('placements').where({ id: placement.id }).first()).status).toBe('active');
  });

  itAnswers403ToRolesExcept(['system_admin', 'org_admin', 'program_manager'], async (role) => {
    const placement = await createPlacement(ctx.knex, provider);
    return provider.as[role].api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-10', end_reason: 'Moved' });
  });

  it('is the only way to end a placement: a PUT of status ended is refused', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const res = await provider.as.program_manager.api.put(`/api/placements/${placement.id}`, { ...placement, status: 'ended', end_date: '2026-01-10' });
    expect(res.status).toBe(422);
    expect((await ctx.knex('placements').where({ id: placement.id }).first()).status).toBe('active');
  });
});
