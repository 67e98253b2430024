import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import type { JobDefinition } from '../../server/jobs/types';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });

describe('schedule-base-payments', () => {
  const job = findJob('schedule-base-payments')!;
  const run = (asOf: string, definition: JobDefinition = job) =>
    runJob(definition, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => ctx.clock.now }, asOf);
  let world: Provider;
  let dueInFebruary: number[];
  let dueInMarch: number[];

  beforeAll(async () => {
    world = await createProvider(ctx, { contract: { monthly_base_amount: 8250.5, end_date: '2026-12-31' } });
    const knex = ctx.knex;
    const endsInMonth = await createPlacement(knex, world, { start_date: '2025-06-01', end_date: '2026-02-10' });
    await createPlacement(knex, world, { status: 'ended', start_date: '2025-06-01', end_date: '2026-01-20', end_reason: 'Moved' });
    await createPlacement(knex, world, { status: 'planned', start_date: '2026-03-01' });
    await createPlacement(knex, world, { status: 'interrupted' });
    await createPlacement(knex, world, { contract_id: null });
    const startsNextMonth = await createPlacement(knex, world, { start_date: '2026-03-01' });
    const unpaidContract = await insertRow(knex, 'contracts', { organization_id: world.orgId, contract_number: 'SHSS5550000001', program: 'SHSS', start_date: '2025-01-01', monthly_base_amount: 0 });
    await createPlacement(knex, world, { contract_id: unpaidContract.id });
    const expiredContract = await insertRow(knex, 'contracts', { organization_id: world.orgId, contract_number: 'SHSS5550000002', program: 'SHSS', start_date: '2025-01-01', end_date: '2026-01-31', monthly_base_amount: 100 });
    await createPlacement(knex, world, { contract_id: expiredContract.id });
    dueInFebruary = [world.placementId, endsInMonth.id];
    dueInMarch = [world.placementId, startsNextMonth.id];
  });

  it("schedules the month's base payment for each active placement with a paying contract", async () => {
    const result = await run('2026-02-01');
    expect(result.status).toBe('succeeded');
    expect(result.summary).toMatchObject({ service_month: '2026-02-01', scheduled: 2 });
    const payments = await ctx.knex('payments').where({ kind: 'base', service_month: '2026-02-01' }).orderBy('placement_id');
    expect(payments.map((p) => p.placement_id)).toEqual(dueInFebruary);
    expect(payments[0]).toMatchObject({ amount: 8250.5, status: 'scheduled', scheduled_on: '2026-02-01', contract_id: world.contractId, support_request_id: null });
    expect(await auditRows(ctx.knex, 'payments', payments[0].id, 'create')).toHaveLength(1);
  });

  it('changes nothing when run again, and does not recreate a payment finance cancelled', async () => {
    const [first] = await ctx.knex('payments').where({ kind: 'base', service_month: '2026-02-01' }).orderBy('id');
    expect((await world.as.ministry_finance.api.post(`/api/payments/${first.id}/cancel`)).status).toBe(200);
    const again = await run('2026-02-14');
    expect(again.summary).toMatchObject({ service_month: '2026-02-01', scheduled: 0, payment_ids: [] });
    expect(await ctx.knex('payments').where({ kind: 'base', service_month: '2026-02-01' })).toHaveLength(2);
  });

  it('schedules each placement once when two runners start together', async () => {
    const results = await Promise.all([run('2026-03-01'), run('2026-03-01')]);
    const scheduledCount = results.reduce((sum, r) => sum + Number(r.summary?.scheduled ?? 0), 0);
    const rows = await ctx.knex('payments').where({ kind: 'base', service_month: '2026-03-01' }).orderBy('placement_id');
    expect(rows.map((p) => p.placement_id)).toEqual(dueInMarch);
    expect(scheduledCount).toBe(2);
  });
});

