import { parse } from 'csv-parse/sync';
import { useTestContext } from '../helpers/context';
import { assignToPlace, factories } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * The payment summary's contract rows a page at a time: the report carries `contracts_total` and
 * the first 25 contracts (by organisation name, then contract number), GET
 * /api/reports/payment-summary/contracts every page in the same order and scope, and the
 * `contracts` download every contract.
 *
 * Fiscal year 2025 (the clock after it):
 *   Alder House:  contracts A01 … A27, one transition-in payment each in April 2025 of 100 × n,
 *                 paid; A01 also a base payment of 50 (May, scheduled) for a placement at place
 *                 P1, and A01 a payment of 9 outside the year (March 2025, not counted);
 *                 contract A99 has only a payment in March 2025: not listed.
 *   Birch Care:   contracts B01, B02, a transition-in payment of 7 each (June, scheduled).
 * So 29 contracts: A01 … A25 on the first page, A26, A27, B01, B02 on the second.
 * A programme manager of Alder assigned to P1 sees only the base payment of 50 (A01's placement).
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
const FY2025 = 'from=2025-04-01&to=2026-03-31';
const tokens: Record<string, string> = {};
const contracts: Record<string, number> = {};
let alder: number;
let birch: number;

/** A01 → SHSS0000001001, B02 → SHSS0000002002 (ten digits) */
const number = (name: string) => `SHSS000000${name[0] === 'A' ? '10' : '20'}${name.slice(1)}`;
const alderName = (n: number) => `A${String(n).padStart(2, '0')}`;
const range = (start: number, end: number) => `range=${encodeURIComponent(JSON.stringify([start, end]))}`;
const numbers = (rows: { contract_number: string }[]) => rows.map((row) => row.contract_number);
const ALDER = Array.from({ length: 27 }, (_, i) => number(alderName(i + 1)));

beforeAll(async () => {
  const f = factories(ctx.knex);
  alder = await f.organization({ name: 'Alder House', kind: 'service_provider' });
  birch = await f.organization({ name: 'Birch Care', kind: 'service_provider' });
  // inserted out of order, so the order is the report's and not the ids'
  for (const name of ['B02', 'B01']) {
    contracts[name] = await f.contract({ organization_id: birch, contract_number: number(name) });
    await f.payment({ kind: 'transition_in', contract_id: contracts[name], service_month: '2025-06-01', amount: 7, status: 'scheduled' });
  }
  for (let n = 27; n >= 1; n -= 1) {
    const name = alderName(n);
    contracts[name] = await f.contract({ organization_id: alder, contract_number: number(name) });
    await f.payment({ kind: 'transition_in', contract_id: contracts[name], service_month: '2025-04-01', amount: 100 * n, status: 'paid' });
  }
  contracts.A99 = await f.contract({ organization_id: alder, contract_number: number('A99') });
  await f.payment({ kind: 'transition_in', contract_id: contracts.A99, service_month: '2025-03-01', amount: 5, status: 'paid' });
  await f.payment({ kind: 'transition_in', contract_id: contracts.A01, service_month: '2025-03-01', amount: 9, status: 'paid' });
  const p1 = await f.placeOfService({ organization_id: alder, name: 'P1' });
  const placement = await f.placement({ child_id: await f.child(), place_of_service_id: p1, contract_id: contracts.A01 });
  await f.payment({ kind: 'base', contract_id: contracts.A01, placement_id: placement, service_month: '2025-05-01', amount: 50, status: 'scheduled' });

  tokens.manager = (await ctx.createUser({ role: 'ministry_manager' })).token;
  tokens.birchAdmin = (await ctx.createUser({ role: 'org_admin', organization_id: birch })).token;
  const manager = await ctx.createUser({ role: 'program_manager', organization_id: alder });
  await assignToPlace(ctx.knex, manager.user.id, p1);
  tokens.programManager = manager.token;
});

const get = (token: string, path: string) => ctx.api(token).get(path);

describe('the payment summary with more contracts than a page', () => {
  it('answers the first 25 contracts in its order, and how many there are', async () => {
    const { body } = await get(tokens.manager, `/api/reports/payment-summary?${FY2025}`).expect(200);
    expect(body.contracts_total).toBe(29);
    expect(numbers(body.contracts)).toEqual(ALDER.slice(0, 25));
    expect(body.contracts[0]).toEqual({
      contract_id: contracts.A01,
      contract_number: number('A01'),
      organization_id: alder,
      organization_name: 'Alder House',
      base_total: 50,
      support_total: 0,
      transition_in_total: 100,
      total: 150,
      paid_total: 100,
      scheduled_total: 50,
      cancelled_total: 0,
      payment_count: 2,
    });
    // the series still counts every contract: 100 × (1 + … + 27) = 37,800 in April, 50 in May, 14 in June
    const totals = Object.fromEntries(body.series.map((p: { period: string; total: number }) => [p.period, p.total]));
    expect([totals['2025-04'], totals['2025-05'], totals['2025-06']]).toEqual([37800, 50, 14]);
  });
});

describe('GET /api/reports/payment-summary/contracts', () => {
  it('answers the report’s first page by default, with the total in Content-Range', async () => {
    const report = await get(tokens.manager, `/api/reports/payment-summary?${FY2025}`).expect(200);
    const page = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}`).expect(200);
    expect(page.headers['content-range']).toBe('contracts 0-24/29');
    expect(page.body).toEqual(report.body.contracts);
  });

  it('answers a later page, and past the last one no row but the total', async () => {
    const second = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(25, 49)}`).expect(200);
    expect(second.headers['content-range']).toBe('contracts 25-28/29');
    expect(second.body.map((c: { contract_number: string; organization_name: string; total: number }) => [c.contract_number, c.organization_name, c.total])).toEqual([
      [number('A26'), 'Alder House', 2600],
      [number('A27'), 'Alder House', 2700],
      [number('B01'), 'Birch Care', 7],
      [number('B02'), 'Birch Care', 7],
    ]);
    const middle = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(24, 26)}`).expect(200);
    expect(middle.headers['content-range']).toBe('contracts 24-26/29');
    expect(numbers(middle.body)).toEqual([number('A25'), number('A26'), number('A27')]);
    const past = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(50, 74)}`).expect(200);
    expect(past.headers['content-range']).toBe('contracts */29');
    expect(past.body).toEqual([]);
  });

  it('gives a ministry manager the organisation asked for, and its own organisation only to anyone else, on every page', async () => {
    const asked = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&organization_id=${birch}`).expect(200);
    expect(asked.headers['content-range']).toBe('contracts 0-1/2');
    expect(numbers(asked.body)).toEqual([number('B01'), number('B02')]);

    const own = await get(tokens.birchAdmin, `/api/reports/payment-summary?${FY2025}`).expect(200);
    expect(own.body.contracts_total).toBe(2);
    expect(numbers(own.body.contracts)).toEqual([number('B01'), number('B02')]);
    for (const [start, end] of [[0, 24], [0, 999], [25, 49]] as const) {
      const page = await get(tokens.birchAdmin, `/api/reports/payment-summary/contracts?${FY2025}&${range(start, end)}`).expect(200);
      expect(page.body.every((c: { organization_id: number }) => c.organization_id === birch)).toBe(true);
      expect(page.headers['content-range']).toMatch(/\/2$/);
    }
    await get(tokens.birchAdmin, `/api/reports/payment-summary/contracts?${FY2025}&organization_id=${alder}`).expect(404);
  });

  it('counts only the payments a programme manager sees, as the report does', async () => {
    const report = await get(tokens.programManager, `/api/reports/payment-summary?${FY2025}`).expect(200);
    const page = await get(tokens.programManager, `/api/reports/payment-summary/contracts?${FY2025}`).expect(200);
    expect(page.headers['content-range']).toBe('contracts 0-0/1');
    expect(page.body).toEqual([expect.objectContaining({ contract_id: contracts.A01, base_total: 50, transition_in_total: 0, total: 50, payment_count: 1 })]);
    expect(report.body.contracts_total).toBe(1);
    expect(report.body.contracts).toEqual(page.body);
  });

  it('is audited as the report is', async () => {
    await get(tokens.birchAdmin, `/api/reports/payment-summary/contracts?${FY2025}&${range(0, 9)}`).expect(200);
    const audit = await ctx.knex('audit_events').where({ action: 'report', resource: 'reports/payment-summary/contracts' }).orderBy('id', 'desc').first();
    expect(audit.changes.after).toMatchObject({ from: '2025-04-01', to: '2026-03-31', organization_id: birch, range: [0, 9] });
  });

  it('refuses a bad range or an unknown parameter with a 400 naming it', async () => {
    const reversed = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(9, 0)}`).expect(400);
    expect(reversed.body.errors).toHaveProperty('range');
    const unknown = await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&format=csv`).expect(400);
    expect(unknown.body.errors).toHaveProperty('format');
  });
});

describe('the contracts download', () => {
  const csvRows = (text: string): string[][] => parse(text, { bom: true });

  it('has every contract in the report’s order, the pages one after the other', async () => {
    const res = await get(tokens.manager, `/api/reports/payment-summary?${FY2025}&format=csv&table=contracts&headers=fields`).expect(200);
    const [header, ...rows] = csvRows(res.text);
    expect(rows).toHaveLength(29);
    expect(rows.map((row) => row[header.indexOf('contract_number')])).toEqual([...ALDER, number('B01'), number('B02')]);
    const pages = [
      ...(await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(0, 24)}`).expect(200)).body,
      ...(await get(tokens.manager, `/api/reports/payment-summary/contracts?${FY2025}&${range(25, 49)}`).expect(200)).body,
    ];
    expect(rows.map((row) => [Number(row[header.indexOf('contract_id')]), Number(row[header.indexOf('total')]), Number(row[header.indexOf('payment_count')])])).toEqual(
      pages.map((c: { contract_id: number; total: number; payment_count: number }) => [c.contract_id, c.total, c.payment_count]),
    );
  });

  it('has every contract of the caller’s scope and no other, as XLSX too', async () => {
    const res = await get(tokens.birchAdmin, `/api/reports/payment-summary?${FY2025}&format=csv&table=contracts&headers=fields`).expect(200);
    const [header, ...rows] = csvRows(res.text);
    expect(rows.map((row) => row[header.indexOf('contract_number')])).toEqual([number('B01'), number('B02')]);
    const { sheet } = await xlsxSheet(get(tokens.manager, `/api/reports/payment-summary?${FY2025}&format=xlsx&table=contracts`));
    expect(sheet.actualRowCount).toBe(30); // the header and every contract
    expect(sheet.getRow(30).getCell(2).value).toBe(number('B02'));
  });
});
