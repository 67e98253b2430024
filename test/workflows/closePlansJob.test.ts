import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import type { JobDefinition } from '../../server/jobs/types';
import { useTestContext } from '../helpers/context';
import { createCheckIn, createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
const job = findJob('close-plans-after-placement-end')!;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

function run(asOf: string, definition: JobDefinition = job) {
  return runJob(definition, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => ctx.clock.now }, asOf);
}

async function endedPlacementWithPlan(endDate: string, planStatus = 'in_service') {
  const placement = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: endDate, end_reason: 'Moved' });
  return createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: planStatus });
}

async function plan(id: number) {
  return ctx.knex('service_plans').where({ id }).first();
}

beforeEach(async () => {
  await ctx.knex('audit_events').delete();
  await ctx.knex('job_runs').delete();
});

describe('close-plans-after-placement-end', () => {
  it('closes every open SHSS plan whose placement ended 10 or more days ago, dated 10 days after the end', async () => {
    const tenDays = await endedPlacementWithPlan('2026-01-05');
    const draft = await endedPlacementWithPlan('2025-12-20', 'draft');
    const nineDays = await endedPlacementWithPlan('2026-01-06');
    const active = await createShssPlan(ctx.knex, provider, { placement_id: (await createPlacement(ctx.knex, provider)).id, status: 'in_service' });

    const result = await run('2026-01-15');
    expect(result.status).toBe('succeeded');
    expect(result.summary).toEqual({ closed: 2, plan_ids: [tenDays.id, draft.id] });
    expect(await plan(tenDays.id)).toMatchObject({ status: 'closed', closed_reason: 'placement_ended', closed_on: '2026-01-15', version: 2 });
    expect(await plan(draft.id)).toMatchObject({ status: 'closed', closed_reason: 'placement_ended', closed_on: '2025-12-30' });
    expect((await plan(nineDays.id)).status).toBe('in_service');
    expect((await plan(active.id)).status).toBe('in_service');

    const [audit] = await auditRows(ctx.knex, 'service_plans', tenDays.id, 'close');
    expect(audit.user_id).toBeNull();
    expect(audit.changes.before.status).toBe('in_service');
    expect(audit.changes.after.closed_reason).toBe('placement_ended');
    const [jobRun] = await ctx.knex('job_runs').where({ id: result.id });
    expect(jobRun).toMatchObject({ job: 'close-plans-after-placement-end', as_of: '2026-01-15', status: 'succeeded' });
    expect(jobRun.summary.closed).toBe(2);

    const later = await run('2026-01-16');
    expect(later.summary).toEqual({ closed: 1, plan_ids: [nineDays.id] });
  });

  it('changes nothing when run a second time', async () => {
    const due = await endedPlacementWithPlan('2026-01-01');
    expect((await run('2026-01-15')).summary).toEqual({ closed: 1, plan_ids: [due.id] });
    const afterFirst = await plan(due.id);
    const second = await run('2026-01-15');
    expect(second.status).toBe('succeeded');
    expect(second.summary).toEqual({ closed: 0, plan_ids: [] });
    expect(await plan(due.id)).toEqual(afterFirst);
    expect(await auditRows(ctx.knex, 'service_plans', due.id)).toHaveLength(1);
  });

  it('runs once when a second runner starts while the first holds the advisory lock', async () => {
    const due = await endedPlacementWithPlan('2026-01-02');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held: JobDefinition = { ...job, run: async (context) => {
      await gate;
      return job.run(context);
    } };
    const first = run('2026-01-15', held);
    for (let i = 0; i < 100 && !(await ctx.knex('job_runs').where({ job: job.name, status: 'running' }).first()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const second = await run('2026-01-15');
    expect(second).toMatchObject({ status: 'skipped', id: null, error: 'already running' });
    release();
    expect((await first).summary).toEqual({ closed: 1, plan_ids: [due.id] });
    expect(await ctx.knex('job_runs').where({ job: job.name })).toHaveLength(1);
    expect(await auditRows(ctx.knex, 'service_plans', due.id, 'close')).toHaveLength(1);
  });

  it('closes each plan once when two runners start together', async () => {
    const plans = [await endedPlacementWithPlan('2025-12-01'), await endedPlacementWithPlan('2025-12-02')];
    const results = await Promise.all([run('2026-01-15'), run('2026-01-15')]);
    const closedIds = results.flatMap((r) => (r.summary?.plan_ids as number[] | undefined) ?? []);
    expect(closedIds.sort()).toEqual(plans.map((p) => p.id).sort());
    for (const p of plans) expect(await auditRows(ctx.knex, 'service_plans', p.id, 'close')).toHaveLength(1);
  });

  it('leaves the closed plan and its check-ins read-only', async () => {
    const due = await endedPlacementWithPlan('2025-12-15');
    const checkIn = await createCheckIn(ctx.knex, due.id, { month: '2025-12-01' });
    await run('2026-01-15');
    const res = await provider.as.portal_worker.api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, check_in_date: '2025-12-10' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Plan ${due.id} is closed (placement ended on 2025-12-25); it and its records are read-only. Clone it to start a new plan`);
  });
});
