import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/**
 * A stale save names who wrote the record last only to a reader who may see that user (the
 * users list's rule: same organisation, or a global role); to anyone else it says "another
 * user", so a name never crosses organisations. A job's write names nobody.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

const at = () => ctx.clock.now.toISOString();
const staleTail = 'since you opened it (you have version 1, the current one is 2); reload it and try again';

/** A draft plan of a placement of its own. */
const newPlan = async () => createShssPlan(ctx.knex, provider, { placement_id: (await createPlacement(ctx.knex, provider)).id });

/** A plan written once by `writer` (version 2), then saved from version 1 by `reader`. */
async function staleSave(writer: Provider['as']['system_admin'], reader: Provider['as']['system_admin']) {
  const plan = await newPlan();
  const written = await writer.api.put(`/api/service_plans/${plan.id}`, { ...plan, strengths: 'Written first' });
  expect(written.status).toBe(200);
  const stale = await reader.api.put(`/api/service_plans/${plan.id}`, { ...plan, strengths: 'Written second' });
  expect(stale.status).toBe(409);
  return stale.body;
}

const nameOf = async (userId: number) => (await ctx.knex('users').where({ id: userId }).first('full_name')).full_name as string;

describe('who a stale save names', () => {
  it('names a writer of the same organisation', async () => {
    const body = await staleSave(provider.as.org_admin, provider.as.program_manager);
    const name = await nameOf(provider.as.org_admin.id);
    expect(body.message).toBe(`This record was changed by ${name} at ${at()} ${staleTail}`);
    expect(body.detail).toEqual({ changed_by: name, changed_by_user: true, changed_at: at(), version: 2 });
  });

  it('says "another user" for a writer outside the reader\'s organisation (a ministry administrator), naming nobody', async () => {
    const body = await staleSave(provider.as.system_admin, provider.as.program_manager);
    expect(body.message).toBe(`This record was changed by another user at ${at()} ${staleTail}`);
    expect(body.message_code).toBe('version_stale_by_other');
    expect(body.detail).toEqual({ changed_by: null, changed_by_user: true, changed_at: at(), version: 2 });
    expect(JSON.stringify(body)).not.toContain(await nameOf(provider.as.system_admin.id));
  });

  it('names any writer to a global role', async () => {
    const body = await staleSave(provider.as.program_manager, provider.as.system_admin);
    const name = await nameOf(provider.as.program_manager.id);
    expect(body.message).toBe(`This record was changed by ${name} at ${at()} ${staleTail}`);
    expect(body.detail.changed_by).toBe(name);
  });

  it('names nobody when a job wrote last', async () => {
    const plan = await newPlan();
    await ctx.knex('service_plans').where({ id: plan.id }).update({ version: 2 });
    await ctx.knex('audit_events').insert({ user_id: null, action: 'close', resource: 'service_plans', record_id: String(plan.id), at: at() });
    const stale = await provider.as.program_manager.api.put(`/api/service_plans/${plan.id}`, { ...plan, strengths: 'Late' });
    expect(stale.status).toBe(409);
    expect(stale.body.message_code).toBe('version_stale');
    expect(stale.body.detail).toMatchObject({ changed_by: null, changed_by_user: false, version: 2 });
  });
});
