import type { Role } from '../../contract/enums';
import { useTestContext } from '../helpers/context';
import { assignToPlace, factories } from '../helpers/factories';

/**
 * Reports obey place scope (docs/domain.md: "on lists, on exports and on reports alike"): a
 * programme manager or portal worker assigned to place A1 of provider A gets, on every KPI of
 * the dashboard, the total of the list it would open — not provider A's whole numbers.
 *
 * Provider A, fiscal year 2025 (the clock after it):
 *   A1 (assigned): child 1 placed, SHSS referral R1, SHSS plan in service; base payments 1000
 *        paid (June), 1000 scheduled (July), 400 cancelled (August)
 *   A2 (not):      child 2 placed, SHSS referral R2, SHSS plan in service; payment 3000 paid
 *   intake:        SHSS referral R3, not placed (the organisation's intake: visible)
 *   no placement:  a transition-in payment of 700 scheduled (the contract's, not a placement's)
 *   CSP:           child 4 initiated 2026-02-01 on R4 (an active plan); child 5 waiting on R5
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
const FY2025 = 'from=2025-04-01&to=2026-03-31';
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  const f = factories(ctx.knex);
  const org = await f.organization({ name: 'Provider A', kind: 'service_provider' });
  const contract = await f.contract({ organization_id: org });
  const a1 = await f.placeOfService({ organization_id: org, name: 'A1' });
  const a2 = await f.placeOfService({ organization_id: org, name: 'A2' });
  const placed = async (place: number, referralDate: string) => {
    const child = await f.child();
    const referral = await f.referral({ organization_id: org, referral_date: referralDate, program: 'SHSS', source_type: 'school_educator' });
    const [placement] = await ctx
      .knex('placements')
      .insert({ child_id: child, place_of_service_id: place, contract_id: contract, referral_id: referral, kind: 'regular', start_date: '2025-05-01', status: 'active' })
      .returning('id');
    await f.shssPlan({ child_id: child, organization_id: org, placement_id: placement.id, approved_on: '2025-06-01' });
    return placement.id as number;
  };
  const atA1 = await placed(a1, '2025-04-20');
  const atA2 = await placed(a2, '2025-04-25');
  await f.referral({ organization_id: org, referral_date: '2025-09-01', program: 'SHSS' });
  for (const [placement, service_month, amount, status] of [
    [atA1, '2025-06-01', 1000, 'paid'],
    [atA1, '2025-07-01', 1000, 'scheduled'],
    [atA1, '2025-08-01', 400, 'cancelled'],
    [atA2, '2025-06-01', 3000, 'paid'],
  ] as const) {
    await f.payment({ contract_id: contract, placement_id: placement, kind: 'base', service_month, amount, status });
  }
  await f.payment({ contract_id: contract, kind: 'transition_in', service_month: '2025-07-01', amount: 700, status: 'scheduled' });
  await f.cspCase({ organization_id: org, referral_date: '2026-01-10', initiated_on: '2026-02-01' });
  const waiting = await f.referral({ organization_id: org, referral_date: '2025-11-01' });
  await f.referralChild({ referral_id: waiting, child_id: await f.child(), eligibility: 'eligible', eligibility_decided_on: '2025-11-05' });

  for (const role of ['program_manager', 'portal_worker', 'org_admin'] as const) {
    const { user, token } = await ctx.createUser({ role, organization_id: org });
    tokens[role] = token;
    if (role !== 'org_admin') await assignToPlace(ctx.knex, user.id, a1);
  }
});

const report = async (role: Role, name: string) => (await ctx.api(tokens[role]).get(`/api/reports/${name}?${FY2025}`).expect(200)).body;

/** Every row of a list as the role sees it (the list protocol, at most 1000 rows). */
async function list(role: Role, resource: string, filter: Record<string, unknown>) {
  const res = await ctx.api(tokens[role]).get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,999]')}`).expect(200);
  const total = Number(String(res.headers['content-range']).split('/')[1]);
  expect(res.body).toHaveLength(total);
  return res.body as Record<string, any>[];
}

/** The KPI cards of the dashboard, as they read their reports (dashboard/src/dashboard/KpiCards.tsx). */
async function kpis(role: Role) {
  const [sources, waits, active, payments] = await Promise.all(['referral-sources', 'wait-times', 'active-plans', 'payment-summary'].map((name) => report(role, name)));
  const lastCounted = [...active.series].reverse().find((p: { total: number | null }) => p.total !== null);
  const owed = payments.series.reduce((sum: number, p: { paid: number; scheduled: number }) => sum + p.paid + p.scheduled, 0);
  return { new_referrals: sources.totals.total, children_waiting: waits.waiting.length, active_plans: lastCounted.total, payments: owed };
}

const cents = (amounts: number[]) => amounts.reduce((sum, a) => sum + Math.round(a * 100), 0) / 100;

describe.each(['program_manager', 'portal_worker'] as const)('the %s', (role) => {
  it('counts on each KPI the records of its list', async () => {
    const figures = await kpis(role);
    // Referrals: R1 (its placement is at A1), R3 (intake), R4 and R5 (the organisation's CSP) — not R2.
    const referrals = await list(role, 'referrals', { referral_date_gte: '2025-04-01', referral_date_lte: '2026-03-31' });
    expect(referrals).toHaveLength(4);
    expect(figures.new_referrals).toBe(referrals.length);
    // Payments: A1's 1000 paid and 1000 scheduled; not A2's 3000, the cancelled 400 or the 700 of no placement.
    const payments = await list(role, 'payments', { service_month_gte: '2025-04-01', service_month_lte: '2026-03-31', status_neq: 'cancelled' });
    expect(cents(payments.map((p) => Number(p.amount)))).toBe(2000);
    expect(figures.payments).toBe(2000);
    // Active plans on 2026-03-31: child 1's SHSS plan and child 4's CSP plan, the plans in service it sees.
    const plans = await list(role, 'service_plans', { status: 'in_service' });
    expect(new Set(plans.map((p) => p.child_id)).size).toBe(2);
    expect(figures.active_plans).toBe(2);
    // Waiting: child 5, on the organisation's CSP referral the role sees.
    expect(figures.children_waiting).toBe(1);
  });

  it('explains each KPI with the same rows as its list', async () => {
    const explain = async (name: string, key: string) =>
      (await ctx.api(tokens[role]).get(`/api/reports/${name}/records?key=${key}&${FY2025}&range=${encodeURIComponent('[0,999]')}`).expect(200)).body as { id: number; contribution: number }[];
    const referrals = await list(role, 'referrals', { referral_date_gte: '2025-04-01', referral_date_lte: '2026-03-31' });
    expect((await explain('referral-sources', 'total')).map((r) => r.id).sort()).toEqual(referrals.map((r) => r.id).sort());
    const payments = await list(role, 'payments', { service_month_gte: '2025-04-01', service_month_lte: '2026-03-31', status_neq: 'cancelled' });
    expect((await explain('payment-summary', 'total')).map((r) => r.id).sort()).toEqual(payments.map((p) => p.id).sort());
    const plans = await list(role, 'service_plans', { status: 'in_service' });
    expect((await explain('active-plans', 'total')).map((r) => r.id).sort()).toEqual([...new Set(plans.map((p) => p.child_id))].sort());
  });
});

it("gives an organisation administrator its whole organisation's numbers", async () => {
  // Every referral (R1–R5), A1's and A2's plans and child 4's, every live payment: 2000 + 3000 + 700.
  expect(await kpis('org_admin')).toEqual({ new_referrals: 5, children_waiting: 1, active_plans: 3, payments: 5700 });
});
