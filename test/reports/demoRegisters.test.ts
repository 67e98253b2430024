import { seedDemo } from '../../seeds/demo';
import { LOOKUPS_WITHOUT_FRENCH } from '../helpers/lookups';
import { useTestContext } from '../helpers/context';

/**
 * The demo data fills the CSP registers a coordinating agency keeps (docs/domain.md): every
 * agency has complaints, in every state, obeying the register's rules; waiting services carry
 * a priority and the day they joined the waitlist; some plans in service carry a risk flag.
 */
const TODAY = '2026-11-20';
const ctx = useTestContext({ now: `${TODAY}T18:00:00.000Z` });

beforeAll(async () => {
  await seedDemo(ctx.knex, { today: TODAY });
}, 120_000);

it('gives every seeded lookup its French label', async () => {
  const { rows } = await ctx.knex.raw(LOOKUPS_WITHOUT_FRENCH);
  expect(rows.map((r: { table_name: string }) => r.table_name)).toEqual(['check_in_questions', 'service_types', 'support_request_types']);
  expect(rows.filter((r: { n: number }) => r.n > 0)).toEqual([]);
});

it('gives every coordinating agency complaints that follow the register rules', async () => {
  const agencies = await ctx.knex('organizations').where({ kind: 'coordinating_agency' }).pluck('id');
  const complaints = await ctx.knex('complaints').select('organization_id', 'status', 'received_on', 'resolved_on', 'resolution');
  expect(agencies.length).toBeGreaterThan(0);
  for (const agency of agencies) expect(complaints.filter((c) => c.organization_id === agency).length).toBeGreaterThanOrEqual(5);
  expect(new Set(complaints.map((c) => c.status))).toEqual(new Set(['open', 'investigating', 'resolved', 'withdrawn']));
  for (const c of complaints) {
    expect(c.received_on <= TODAY).toBe(true);
    const settled = c.status === 'resolved' || c.status === 'withdrawn';
    expect(c.resolved_on !== null).toBe(settled);
    if (settled) expect(c.received_on <= c.resolved_on && c.resolved_on <= TODAY).toBe(true);
    expect(c.resolution !== null).toBe(c.status === 'resolved');
  }
});

it('dates and ranks the services children wait for', async () => {
  const services = await ctx.knex('plan_services').select('status', 'priority', 'requested_on', 'waitlisted_on');
  expect(new Set(services.map((s) => s.priority))).toEqual(new Set(['urgent', 'high', 'routine']));
  const waiting = services.filter((s) => s.status === 'waitlisted');
  expect(waiting.length).toBeGreaterThan(0);
  for (const s of waiting) expect(s.requested_on <= s.waitlisted_on && s.waitlisted_on <= TODAY).toBe(true);
  expect(services.filter((s) => s.status !== 'waitlisted' && s.waitlisted_on !== null)).toEqual([]);
});

it('flags the risk of some plans in service, with a reason and a review date', async () => {
  const plans = await ctx.knex('service_plans').where({ program: 'CSP' }).select('status', 'risk_level', 'risk_reason', 'risk_reviewed_on', 'initiated_on');
  const flagged = plans.filter((p) => p.risk_level !== null);
  expect(new Set(flagged.map((p) => p.risk_level))).toEqual(new Set(['low', 'medium', 'high']));
  for (const p of flagged) {
    expect(p.status).toBe('in_service');
    expect(p.risk_reason).toEqual(expect.any(String));
    expect(p.initiated_on <= p.risk_reviewed_on && p.risk_reviewed_on <= TODAY).toBe(true);
  }
  const inService = plans.filter((p) => p.status === 'in_service').length;
  expect(flagged.length).toBeLessThan(inService);
});
