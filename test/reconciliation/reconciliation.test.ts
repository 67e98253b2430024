import { useTestContext } from '../helpers/context';
import { createPayment, createPlacement, createProvider, createSupportRequest, type Provider } from '../helpers/factories';

/**
 * Payments reconciled: what approved support requests and the contract's base amount call for,
 * against the lines that exist. Today is 2026-01-15; the window is November 2025 to February
 * 2026. The provider's contract pays a base of $9,000 a month; its placement runs from May 2025.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let monthly: number;
let duplicate: number;
let oneTime: number;
let cancelled: number;
const lines: Record<string, number> = {};

const paid = { status: 'paid', paid_on: '2025-11-25', cas_payment_number: 'CAS-1', icm_order_number: 'ICMO-1' };

beforeAll(async () => {
  provider = await createProvider(ctx);
  const support = (request: number, service_month: string, amount: number, extra: Record<string, unknown> = {}) =>
    createPayment(ctx.knex, provider, { kind: 'support', support_request_id: request, service_month, amount, ...extra });
  // $100 a month from November to January: November paid (no ICM number), December missing,
  // January scheduled at $120, and a February line the request does not cover.
  monthly = (await createSupportRequest(ctx.knex, provider, { sub_type_code: null, frequency: 'monthly', start_date: '2025-11-01', end_date: '2026-01-31', amount: 100, status: 'approved' })).id;
  lines.novSupport = (await support(monthly, '2025-11-01', 100, { ...paid, icm_order_number: null })).id;
  lines.janSupport = (await support(monthly, '2026-01-01', 120)).id;
  lines.febSupport = (await support(monthly, '2026-02-01', 100)).id;
  // A second approval of the same support for November: the same placement, type, month and amount.
  duplicate = (await createSupportRequest(ctx.knex, provider, { sub_type_code: null, start_date: '2025-11-10', end_date: '2025-11-10', amount: 100, status: 'approved' })).id;
  lines.duplicate = (await support(duplicate, '2025-11-01', 100)).id;
  // One-time, $300 in December, paid twice: December and again in January.
  oneTime = (await createSupportRequest(ctx.knex, provider, { start_date: '2025-12-05', end_date: '2025-12-05', amount: 300, status: 'approved' })).id;
  lines.oneTimeDec = (await support(oneTime, '2025-12-01', 300)).id;
  lines.oneTimeJan = (await support(oneTime, '2026-01-01', 300)).id;
  // A cancelled request whose line is still live.
  cancelled = (await createSupportRequest(ctx.knex, provider, { start_date: '2025-12-01', end_date: '2025-12-01', amount: 50, status: 'cancelled' })).id;
  lines.cancelled = (await support(cancelled, '2025-12-01', 50)).id;
  // Base: November paid, December $8,500, January missing, February (not yet due) scheduled.
  lines.novBase = (await createPayment(ctx.knex, provider, { service_month: '2025-11-01', ...paid })).id;
  lines.decBase = (await createPayment(ctx.knex, provider, { service_month: '2025-12-01', amount: 8500 })).id;
  lines.febBase = (await createPayment(ctx.knex, provider, { service_month: '2026-02-01' })).id;
  // An interrupted placement without base lines, and one without a contract that has one.
  await createPlacement(ctx.knex, provider, { start_date: '2025-10-01', status: 'interrupted' });
  const noContract = await createPlacement(ctx.knex, provider, { start_date: '2025-10-01', contract_id: null });
  lines.noContract = (await createPayment(ctx.knex, provider, { placement_id: noContract.id, service_month: '2025-12-01' })).id;
});

const WINDOW = 'from=2025-11-01&to=2026-02-28';
/** The provider's gaps (other providers' placements have gaps of their own). */
const gapsOf = async (query = '', role: 'ministry_finance' | 'org_admin' = 'ministry_finance') => {
  const res = await provider.as[role].api.get(`/api/payment_reconciliation?${WINDOW}&organization_id=${provider.orgId}&range=[0,999]${query}`);
  if (res.status !== 200) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};
const brief = (rows: any[]) => rows.map((g) => [g.gap, g.kind, g.service_month, g.support_request_id ?? g.placement_id, g.payment_id, g.expected_amount, g.actual_amount]);

describe('support requests', () => {
  it('finds the missing month, the amount that differs, the extra lines, the duplicate and the paid line without numbers', async () => {
    const { body } = await gapsOf('&filter={"kind":"support"}&sort=["service_month","ASC"]');
    expect(brief(body)).toEqual([
      ['duplicate', 'support', '2025-11-01', duplicate, lines.duplicate, 100, 100],
      ['paid_without_numbers', 'support', '2025-11-01', monthly, lines.novSupport, 100, 100],
      ['extra', 'support', '2025-12-01', cancelled, lines.cancelled, null, 50],
      ['missing', 'support', '2025-12-01', monthly, null, 100, null],
      ['amount_differs', 'support', '2026-01-01', monthly, lines.janSupport, 100, 120],
      ['extra', 'support', '2026-01-01', oneTime, lines.oneTimeJan, null, 300],
      ['extra', 'support', '2026-02-01', monthly, lines.febSupport, null, 100],
    ]);
    const detail = (gap: string, payment: number | null) => body.find((g: any) => g.gap === gap && g.payment_id === payment).detail;
    expect(detail('duplicate', lines.duplicate)).toBe(`Repeats payment ${lines.novSupport} of request ${monthly}`);
    expect(detail('paid_without_numbers', lines.novSupport)).toBe('Paid without its ICM order number');
    expect(detail('extra', lines.cancelled)).toBe('A payment of a request that is cancelled');
    expect(body[0]).toMatchObject({ organization_id: provider.orgId, contract_id: provider.contractId, child_id: provider.childId, contract_number: expect.stringMatching(/^SHSS/) });
  });

  it("lays one request's months side by side on its page, for whoever reads the request", async () => {
    const res = await provider.as.program_manager.api.get(`/api/payment_reconciliation/support_requests/${monthly}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ support_request_id: monthly, status: 'approved', kind: 'support', frequency: 'monthly', amount: 100 });
    expect(res.body.months.map((m: any) => [m.service_month, m.expected_amount, m.payment_id, m.actual_amount, m.status, m.gaps])).toEqual([
      ['2025-11-01', 100, lines.novSupport, 100, 'paid', ['paid_without_numbers']],
      ['2025-12-01', 100, null, null, null, ['missing']],
      ['2026-01-01', 100, lines.janSupport, 120, 'scheduled', ['amount_differs']],
      ['2026-02-01', null, lines.febSupport, 100, 'scheduled', ['extra']],
    ]);
    expect(res.body.gaps).toHaveLength(4);
    const outsider = await createProvider(ctx);
    expect((await outsider.as.program_manager.api.get(`/api/payment_reconciliation/support_requests/${monthly}`)).status).toBe(404);
    expect((await provider.as.program_manager.api.get('/api/payment_reconciliation/support_requests/abc')).status).toBe(400);
  });
});

describe('base payments', () => {
  it('expects the monthly base of each month up to this one, never for an interrupted placement', async () => {
    const { body } = await gapsOf('&filter={"kind":"base","gap":["missing","extra","amount_differs"]}');
    expect(brief(body)).toEqual([
      ['amount_differs', 'base', '2025-12-01', provider.placementId, lines.decBase, 9000, 8500],
      ['extra', 'base', '2025-12-01', (await ctx.knex('payments').where({ id: lines.noContract }).first()).placement_id, lines.noContract, null, 9000],
      ['missing', 'base', '2026-01-01', provider.placementId, null, 9000, null],
      ['extra', 'base', '2026-02-01', provider.placementId, lines.febBase, null, 9000],
    ]);
  });
});

describe('who reads it', () => {
  it("pages the work list and gives an organisation administrator its own organisation's only", async () => {
    const page = await provider.as.ministry_finance.api.get(`/api/payment_reconciliation?${WINDOW}&organization_id=${provider.orgId}&range=[0,2]`);
    expect(page.headers['content-range']).toBe('payment_reconciliation 0-2/11');
    expect((await gapsOf('', 'org_admin')).body).toHaveLength(11);
    const other = await createProvider(ctx);
    const own = await other.as.org_admin.api.get(`/api/payment_reconciliation?${WINDOW}`);
    // its own placement has had no base payment since November
    expect(brief(own.body)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01'].map((month) => ['missing', 'base', month, other.placementId, null, 9000, null]));
    expect((await other.as.org_admin.api.get(`/api/payment_reconciliation?${WINDOW}&organization_id=${provider.orgId}`)).status).toBe(404);
  });

  it.each(['program_manager', 'portal_worker', 'coordinator'] as const)('answers 403 to %s, for the work list and the report', async (role) => {
    expect((await provider.as[role].api.get(`/api/payment_reconciliation?${WINDOW}`)).status).toBe(403);
    expect((await provider.as[role].api.get(`/api/reports/payment-reconciliation?${WINDOW}`)).status).toBe(403);
  });

  it('downloads the gaps as CSV through the report, and counts them by gap and kind', async () => {
    const report = await provider.as.ministry_manager.api.get(`/api/reports/payment-reconciliation?${WINDOW}&organization_id=${provider.orgId}`);
    expect(report.status).toBe(200);
    expect(report.body.summary).toEqual(
      expect.arrayContaining([
        { gap: 'extra', kind: 'support', count: 3, expected_amount: 0, actual_amount: 450 },
        { gap: 'missing', kind: 'base', count: 1, expected_amount: 9000, actual_amount: 0 },
      ]),
    );
    const csv = await provider.as.ministry_manager.api.get(`/api/reports/payment-reconciliation?${WINDOW}&organization_id=${provider.orgId}&format=csv&headers=fields`);
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split(/\r?\n/);
    expect(rows[0]).toBe('gap,gap_label,kind,kind_label,service_month,organization_id,organization_name,contract_id,contract_number,placement_id,child_id,child_name,support_request_id,payment_id,expected_amount,actual_amount,detail');
    expect(rows).toHaveLength(1 + 11);
  });

  it('answers an empty kind or gap filter with no gaps, as any filter matching nothing (found by the contract fuzz test)', async () => {
    for (const filter of ['{"kind":[]}', '{"gap":[]}', '{"gap":"duplicate","kind":[]}']) {
      const res = await gapsOf(`&filter=${filter}&sort=["service_month","ASC"]`);
      expect([filter, res.headers['content-range'], res.body]).toEqual([filter, 'payment_reconciliation */0', []]);
    }
  });

  it('refuses a bad filter or period with a 400', async () => {
    const api = provider.as.ministry_finance.api;
    expect((await api.get(`/api/payment_reconciliation?${WINDOW}&filter={"gap":"lost"}`)).body.errors).toHaveProperty(['filter.gap']);
    expect((await api.get('/api/payment_reconciliation?from=2026-02-01&to=2026-01-01')).body.errors).toEqual({ to: 'must be on or after from' });
  });
});
