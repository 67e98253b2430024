import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import type { JobDefinition } from '../../server/jobs/types';
import { useTestContext } from '../helpers/context';
import { createPayment, createPlacement, createProvider, createSupportRequest, insertRow, type Provider } from '../helpers/factories';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });

describe('refresh-payment-summaries', () => {
  const job = findJob('refresh-payment-summaries')!;
  const run = (now: Date, definition: JobDefinition = job) =>
    runJob(definition, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => now });
  let world: Provider;
  let otherContractId: number;

  beforeAll(async () => {
    world = await createProvider(ctx);
    const other = await insertRow(ctx.knex, 'contracts', { organization_id: world.orgId, contract_number: 'SHSS6660000001', program: 'SHSS', start_date: '2025-01-01' });
    otherContractId = other.id;
    const request = await createSupportRequest(ctx.knex, world, { status: 'approved' });
    const secondPlacement = await createPlacement(ctx.knex, world);
    const p = (overrides: Record<string, unknown>) => createPayment(ctx.knex, world, { service_month: '2025-12-01', ...overrides });
    await p({ kind: 'base', amount: 9000, status: 'paid', paid_on: '2025-12-20' });
    await p({ kind: 'base', amount: 9000, placement_id: secondPlacement.id, status: 'cancelled' });
    await p({ kind: 'support', amount: 450.25, support_request_id: request.id, status: 'scheduled' });
    await p({ kind: 'transition_in', amount: 1200, status: 'scheduled' });
    await p({ kind: 'base', amount: 9000, service_month: '2026-01-01', status: 'scheduled' });
    await p({ kind: 'base', amount: 500, contract_id: otherContractId, placement_id: secondPlacement.id, service_month: '2026-01-01' });
    await insertRow(ctx.knex, 'payment_summaries', { organization_id: world.orgId, contract_id: world.contractId, contract_number: 'stale', month: '2024-01-01', total: 1, refreshed_at: '2024-02-01T00:00:00Z' });
  });

  async function summaries() {
    return ctx.knex('payment_summaries').orderBy(['contract_id', 'month']);
  }

  it('rebuilds totals per contract and month, stamping refreshed_at, and drops months without payments', async () => {
    const now = new Date('2026-01-15T02:30:00Z');
    const result = await run(now);
    expect(result.summary).toEqual({ summaries: 3, removed: 1, refreshed_at: now.toISOString() });
    const contractNumber = (await ctx.knex('contracts').where({ id: world.contractId }).first()).contract_number;
    const rows = await summaries();
    expect(rows.map(({ id, created_at, updated_at, ...rest }) => rest)).toEqual([
      { organization_id: world.orgId, contract_id: world.contractId, contract_number: contractNumber, month: '2025-12-01', base_total: 9000, support_total: 450.25, transition_in_total: 1200, total: 10650.25, paid_total: 9000, scheduled_total: 1650.25, cancelled_total: 9000, payment_count: 4, refreshed_at: now.toISOString() },
      { organization_id: world.orgId, contract_id: world.contractId, contract_number: contractNumber, month: '2026-01-01', base_total: 9000, support_total: 0, transition_in_total: 0, total: 9000, paid_total: 0, scheduled_total: 9000, cancelled_total: 0, payment_count: 1, refreshed_at: now.toISOString() },
      { organization_id: world.orgId, contract_id: otherContractId, contract_number: 'SHSS6660000001', month: '2026-01-01', base_total: 500, support_total: 0, transition_in_total: 0, total: 500, paid_total: 0, scheduled_total: 500, cancelled_total: 0, payment_count: 1, refreshed_at: now.toISOString() },
    ]);
  });

  it('gives the same numbers when run again, only a new refreshed_at', async () => {
    const before = await summaries();
    const later = new Date('2026-01-16T02:30:00Z');
    await run(later);
    const after = await summaries();
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after.map(({ refreshed_at, updated_at, ...rest }) => rest)).toEqual(before.map(({ refreshed_at, updated_at, ...rest }) => rest));
    expect(after.every((r) => r.refreshed_at === later.toISOString())).toBe(true);
  });

  it('runs once when a second runner starts while the first holds the lock', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = run(new Date('2026-01-17T02:30:00Z'), { ...job, run: async (c) => {
      await gate;
      return job.run(c);
    } });
    for (let i = 0; i < 100 && !(await ctx.knex('job_runs').where({ job: job.name, status: 'running' }).first()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await run(new Date('2026-01-17T02:30:01Z'))).status).toBe('skipped');
    release();
    expect((await first).status).toBe('succeeded');
    expect((await summaries()).every((r) => r.refreshed_at === '2026-01-17T02:30:00.000Z')).toBe(true);
  });

  it.each(['ministry_manager', 'ministry_finance', 'system_admin'] as const)('may be run by %s through the API', async (role) => {
    const res = await world.as[role].api.post('/api/jobs/refresh-payment-summaries/run', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ job: 'refresh-payment-summaries', status: 'succeeded', summary: { summaries: 3 } });
  });

  itAnswers403ToRolesExcept(['ministry_manager', 'ministry_finance', 'system_admin'], (role) =>
    world.as[role].api.post('/api/jobs/refresh-payment-summaries/run', {}),
  );
});
