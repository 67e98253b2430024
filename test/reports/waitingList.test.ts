import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * GET /api/reports/wait-times/waiting, the wait-times report's whole waiting list a page at a
 * time (the report carries `waiting_total` and the first page): pages, the total, the caller's
 * scope, the dates a wait starts and stops being counted on, and the download of every row.
 * The clock stands at 2026-12-01.
 *
 * Agency X, counted on 2026-06-30: Una (urgent, referred 2026-06-01: 29 days), 25 children
 * referred on 2026-01-01 … 2026-01-25 (180 … 156 days) and Edge (referred and eligible on
 * 2026-06-30: 0 days) — 27; not counted: Late (eligible on 2026-07-01), Closed (closed on
 * 2026-06-30), Started (initiated on 2026-06-30). Agency Y: Yara.
 */
const ctx = useTestContext({ now: '2026-12-01T15:00:00.000Z' });
const JUNE = 'from=2026-04-01&to=2026-06-30';
let orgX: number;
let orgY: number;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

const range = (start: number, end: number) => `range=${encodeURIComponent(JSON.stringify([start, end]))}`;
const names = (body: { child_name: string }[]) => body.map((row) => row.child_name);
const january = (day: number) => `J${String(day).padStart(2, '0')} Waiting`;

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgX = await f.organization({ name: 'Agency X' });
  orgY = await f.organization({ name: 'Agency Y' });
  const waiting = async (organization_id: number, first_name: string, referral_date: string, extra: { decided?: string; closed_on?: string } = {}) => {
    const childId = await f.child({ first_name, last_name: 'Waiting' });
    const referralId = await f.referral({ organization_id, referral_date });
    const referralChildId = await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible', eligibility_decided_on: extra.decided ?? referral_date, closed_on: extra.closed_on });
    Object.assign(ids, { [first_name]: childId, [`${first_name}_referral`]: referralId, [`${first_name}_rc`]: referralChildId });
  };
  for (let day = 1; day <= 25; day += 1) await waiting(orgX, `J${String(day).padStart(2, '0')}`, `2026-01-${String(day).padStart(2, '0')}`);
  await waiting(orgX, 'Una', '2026-06-01');
  await ctx.knex('referral_children').where('id', ids.Una_rc).update({ priority: 'urgent', priority_reason: 'Family in crisis' });
  await waiting(orgX, 'Edge', '2026-06-30');
  await waiting(orgX, 'Late', '2026-06-30', { decided: '2026-07-01' });
  await waiting(orgX, 'Closed', '2026-02-01', { closed_on: '2026-06-30' });
  await f.cspCase({ organization_id: orgX, referral_date: '2026-02-01', initiated_on: '2026-06-30' });
  await waiting(orgY, 'Yara', '2026-03-01');
  for (const [name, role, organization_id] of [
    ['manager', 'ministry_manager', null],
    ['coordinator', 'coordinator', orgX],
  ] as const) {
    tokens[name] = (await ctx.createUser({ role, organization_id })).token;
  }
});

describe('GET /api/reports/wait-times/waiting', () => {
  it('answers the first page in the report’s order, with the total in Content-Range', async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}`).expect(200);
    expect(res.headers['content-range']).toBe('waiting 0-24/27');
    // urgent first, then the longest wait first
    expect(names(res.body)).toEqual(['Una Waiting', ...Array.from({ length: 24 }, (_, i) => january(i + 1))]);
    expect(res.body[0]).toEqual({
      child_id: ids.Una,
      child_name: 'Una Waiting',
      referral_id: ids.Una_referral,
      referral_date: '2026-06-01',
      organization_id: orgX,
      days_waited: 29,
      priority: 'urgent',
      priority_reason: 'Family in crisis',
    });
    expect(res.body[1]).toMatchObject({ referral_date: '2026-01-01', days_waited: 180, priority: 'routine', priority_reason: null });
  });

  it('answers the last page, and past it no row but the total', async () => {
    const last = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&${range(25, 49)}`).expect(200);
    expect(last.headers['content-range']).toBe('waiting 25-26/27');
    expect(last.body.map((r: { child_name: string; days_waited: number }) => [r.child_name, r.days_waited])).toEqual([
      [january(25), 156],
      ['Edge Waiting', 0],
    ]);
    const past = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&${range(50, 74)}`).expect(200);
    expect(past.headers['content-range']).toBe('waiting */27');
    expect(past.body).toEqual([]);
  });

  it('is the report’s first page and total, and the explanation opens as many children', async () => {
    const report = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times?${JUNE}`).expect(200);
    const page = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}`).expect(200);
    expect(report.body.waiting_total).toBe(27);
    expect(report.body.waiting).toEqual(page.body);
    const explained = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/explanation?key=waiting&${JUNE}`).expect(200);
    expect(explained.body).toMatchObject({ as_of: '2026-06-30', count: 27, figure: 27 });
    const measures = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${JUNE}`).expect(200);
    expect(measures.body.measures.find((m: { key: string }) => m.key === 'waiting_total').value).toBe(27);
  });

  it('counts on today when `to` is later: the child eligible after `to` waits by then', async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?from=2026-04-01&to=2027-03-31&${range(0, 99)}`).expect(200);
    expect(res.headers['content-range']).toBe('waiting 0-27/28');
    const days = Object.fromEntries(res.body.map((r: { child_name: string; days_waited: number }) => [r.child_name, r.days_waited]));
    expect(days[january(1)]).toBe(334); // 2026-01-01 → 2026-12-01
    expect(days['Late Waiting']).toBe(154); // 2026-06-30 → 2026-12-01
    expect(days['Edge Waiting']).toBe(154);
    expect(days['Closed Waiting']).toBeUndefined();
    // the day before Edge's referral, and before Started's initiation
    const before = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?from=2026-04-01&to=2026-06-29&${range(0, 99)}`).expect(200);
    expect(before.headers['content-range']).toBe('waiting 0-27/28');
    expect(names(before.body)).not.toContain('Edge Waiting');
    expect(names(before.body)).toContain('Closed Waiting');
  });

  it('keeps a coordinator to its organisation, and gives a ministry manager every one or the one asked for', async () => {
    const all = await ctx.api(tokens.manager).get(`/api/reports/wait-times/waiting?${JUNE}&${range(0, 99)}`).expect(200);
    expect(all.headers['content-range']).toBe('waiting 0-27/28');
    expect(names(all.body)).toContain('Yara Waiting');
    const y = await ctx.api(tokens.manager).get(`/api/reports/wait-times/waiting?${JUNE}&organization_id=${orgY}`).expect(200);
    expect(y.headers['content-range']).toBe('waiting 0-0/1');
    expect(y.body).toEqual([expect.objectContaining({ child_id: ids.Yara, organization_id: orgY, days_waited: 121 })]);
    const own = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&${range(0, 99)}`).expect(200);
    expect(names(own.body)).not.toContain('Yara Waiting');
    await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&organization_id=${orgY}`).expect(404);
  });

  it('downloads every child waiting, audited as an export', async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&format=csv`).expect(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(28);
    expect(lines[1]).toBe(`${ids.Una},Una Waiting,${ids.Una_referral},2026-06-01,${orgX},29,urgent,Urgent,Family in crisis`);
    expect(lines[27]).toMatch(/,Edge Waiting,.*,0,routine,Routine,$/);
    const audit = await ctx.knex('audit_events').where({ action: 'export', resource: 'reports/wait-times/waiting' }).first();
    expect(audit.changes.after).toMatchObject({ from: '2026-04-01', to: '2026-06-30', organization_id: orgX, format: 'csv' });
  });

  it('refuses a bad range or an unknown parameter with a 400 naming it', async () => {
    const reversed = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&${range(9, 0)}`).expect(400);
    expect(reversed.body.errors).toHaveProperty('range');
    const unknown = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/waiting?${JUNE}&table=waiting`).expect(400);
    expect(unknown.body.errors).toHaveProperty('table');
  });
});
