import { comparisonPeriod, figureComparison, shiftedPeriod } from '../../server/reports/compare';
import { REPORTS } from '../../server/reports/registry';
import type { OpenAPIV3_1 } from 'openapi-types';
import { useTestContext } from '../helpers/context';
import { contractAjv } from '../helpers/openapi';
import { createPayment, createProvider, factories, type Provider } from '../helpers/factories';

/**
 * Comparisons: the comparison period's arithmetic on boundary dates, the change beside each
 * figure, and `compare=` and `/trend` over HTTP on referrals placed by hand around the
 * boundaries. The clock stands at 2026-12-01, in the middle of fiscal year 2026.
 */
const ctx = useTestContext({ now: '2026-12-01T15:00:00.000Z' });

describe('the comparison period', () => {
  const previous = (from: string, to: string, steps = 1) => shiftedPeriod({ from, to }, 'previous', steps);
  const lastYear = (from: string, to: string, steps = 1) => shiftedPeriod({ from, to }, 'last_year', steps);

  it('puts the fiscal quarter just before a quarter, across the fiscal and calendar years', () => {
    expect(previous('2025-07-01', '2025-09-30')).toEqual({ from: '2025-04-01', to: '2025-06-30' }); // Q2 → Q1 (92 days → 91)
    expect(previous('2025-04-01', '2025-06-30')).toEqual({ from: '2025-01-01', to: '2025-03-31' }); // Q1 → Q4 of FY2024
    expect(previous('2026-01-01', '2026-03-31')).toEqual({ from: '2025-10-01', to: '2025-12-31' }); // Q4 → Q3
    expect(previous('2025-07-01', '2025-09-30', 3)).toEqual({ from: '2024-10-01', to: '2024-12-31' }); // three quarters back
  });

  it('puts the year before a fiscal year, and the nine months before interim', () => {
    expect(previous('2025-04-01', '2026-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    expect(previous('2025-04-01', '2025-12-31')).toEqual({ from: '2024-07-01', to: '2025-03-31' });
    expect(previous('2024-03-01', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' }); // a month → the month before, 29 days
  });

  it('puts the same number of days before any other period', () => {
    expect(previous('2025-04-15', '2025-05-14')).toEqual({ from: '2025-03-16', to: '2025-04-14' }); // 30 days
    expect(previous('2024-03-01', '2024-03-15')).toEqual({ from: '2024-02-15', to: '2024-02-29' }); // 15 days, across 29 February
  });

  it('takes the same dates a year earlier, 29 February becoming 28 February', () => {
    expect(lastYear('2024-02-29', '2024-03-10')).toEqual({ from: '2023-02-28', to: '2023-03-10' });
    expect(lastYear('2024-02-10', '2024-02-29')).toEqual({ from: '2023-02-10', to: '2023-02-28' });
    expect(lastYear('2025-07-01', '2025-09-30')).toEqual({ from: '2024-07-01', to: '2024-09-30' });
  });

  it('keeps whole months whole a year earlier: February 2025 is February 2024 to the 29th', () => {
    expect(lastYear('2025-02-01', '2025-02-28')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(lastYear('2024-02-01', '2024-02-29')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(lastYear('2024-04-01', '2025-03-31')).toEqual({ from: '2023-04-01', to: '2024-03-31' });
  });

  it('counts several years back from the period itself, so 29 February comes back in a leap year', () => {
    expect(lastYear('2024-02-29', '2024-03-10', 1)).toEqual({ from: '2023-02-28', to: '2023-03-10' });
    expect(lastYear('2024-02-29', '2024-03-10', 4)).toEqual({ from: '2020-02-29', to: '2020-03-10' });
  });

  it('cuts the comparison at today moved back the same way when the period runs past today', () => {
    const year = { from: '2026-04-01', to: '2027-03-31' };
    expect(comparisonPeriod(year, 'previous', '2026-12-01')).toEqual({ from: '2025-04-01', to: '2025-12-01' });
    expect(comparisonPeriod(year, 'last_year', '2026-12-01')).toEqual({ from: '2025-04-01', to: '2025-12-01' });
    expect(comparisonPeriod(year, 'previous', '2026-12-01', 2)).toEqual({ from: '2024-04-01', to: '2024-12-01' });
    // 60 days from 2026-11-01: the 60 days before, cut 60 days before today
    expect(comparisonPeriod({ from: '2026-11-01', to: '2026-12-30' }, 'previous', '2026-12-01')).toEqual({ from: '2026-09-02', to: '2026-10-02' });
    // a period that has ended, or not begun, is not cut
    expect(comparisonPeriod({ from: '2025-04-01', to: '2026-03-31' }, 'previous', '2026-12-01')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    expect(comparisonPeriod({ from: '2027-01-01', to: '2027-03-31' }, 'previous', '2026-12-01')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});

describe('the change beside a figure', () => {
  it('gives the difference and its share of the comparison, one decimal', () => {
    expect(figureComparison(12, 10)).toEqual({ value: 12, compared: 10, change: 2, change_pct: 20 });
    expect(figureComparison(7, 8)).toEqual({ value: 7, compared: 8, change: -1, change_pct: -12.5 });
    expect(figureComparison(0.3, 0.1)).toEqual({ value: 0.3, compared: 0.1, change: 0.2, change_pct: 200 });
    expect(figureComparison(2, 3)).toEqual({ value: 2, compared: 3, change: -1, change_pct: -33.3 });
  });

  it('has no percentage against zero, and no change beside an empty figure', () => {
    expect(figureComparison(5, 0)).toEqual({ value: 5, compared: 0, change: 5, change_pct: null });
    expect(figureComparison(null, 3)).toEqual({ value: null, compared: 3, change: null, change_pct: null });
    expect(figureComparison(4, null)).toEqual({ value: 4, compared: null, change: null, change_pct: null });
  });
});

describe('compare= and /trend over HTTP', () => {
  let org: number;
  let other: number;
  let casework: number;
  let provider: Provider;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const f = factories(ctx.knex);
    org = await f.organization({ name: 'Compared agency' });
    other = await f.organization({ name: 'Other agency' });
    // FY2025: Q1 two (its first and last day), Q2 three (its first and last day), Q3 one, Q4 none.
    for (const date of ['2025-04-01', '2025-06-30', '2025-07-01', '2025-08-15', '2025-09-30', '2025-11-02']) {
      await f.referral({ organization_id: org, referral_date: date, source_type: 'school_educator' });
    }
    // A year earlier: one in Q2 of FY2024, and around 29 February 2024.
    for (const date of ['2024-08-01', '2024-02-28', '2024-02-29']) await f.referral({ organization_id: org, referral_date: date });
    // Around 28 February 2023: the day is in the comparison of a period from 29 February 2024, the day before is not.
    for (const date of ['2023-02-27', '2023-02-28']) await f.referral({ organization_id: org, referral_date: date });
    // The current fiscal year to date, and the same days of the last one: 2025-12-01 in, 2025-12-02 out.
    for (const date of ['2026-05-01', '2026-11-30', '2025-12-01', '2025-12-02']) await f.referral({ organization_id: org, referral_date: date });
    await f.referral({ organization_id: other, referral_date: '2025-04-02' });
    // CSP cases over the trend's periods (initiations, waits, active plans), and a child waiting.
    casework = await f.organization({ name: 'Casework agency' });
    for (const [referral_date, initiated_on] of [['2024-09-01', '2024-11-10'], ['2025-01-05', '2025-02-20'], ['2025-03-01', '2025-05-02'], ['2025-06-01', '2025-08-30']]) {
      const { planId } = await f.cspCase({ organization_id: casework, referral_date, initiated_on });
      await f.activity({ service_plan_id: planId, activity_date: initiated_on, hours: 1.5 });
    }
    const waiting = await f.referral({ organization_id: casework, referral_date: '2025-07-10' });
    await f.referralChild({ referral_id: waiting, child_id: await f.child(), eligibility: 'eligible', eligibility_decided_on: '2025-07-12' });
    tokens.manager = (await ctx.createUser({ role: 'ministry_manager' })).token;
    tokens.coordinator = (await ctx.createUser({ role: 'coordinator', organization_id: org })).token;
    provider = await createProvider(ctx);
    await createPayment(ctx.knex, provider, { service_month: '2025-07-01', amount: 100 });
    await createPayment(ctx.knex, provider, { service_month: '2025-05-01', amount: 40 });
  });

  const get = (token: string, url: string) => ctx.api(token).get(url);

  it('answers the previous fiscal quarter beside Q2, series point by point', async () => {
    const res = await get(tokens.manager, `/api/reports/referral-sources?period=q2&fiscal_year=2025&organization_id=${org}&compare=previous`).expect(200);
    expect(res.body.totals.total).toBe(3);
    expect(res.body.comparison).toMatchObject({ kind: 'previous', from: '2025-04-01', to: '2025-06-30' });
    expect(res.body.comparison.figures.total).toEqual({ value: 3, compared: 2, change: 1, change_pct: 50 });
    expect(res.body.comparison.figures.school_educator).toEqual({ value: 3, compared: 2, change: 1, change_pct: 50 });
    expect(res.body.comparison.figures.self_family).toEqual({ value: 0, compared: 0, change: 0, change_pct: null });
    expect(res.body.comparison.result.series.map((p: { period: string; total: number }) => [p.period, p.total])).toEqual([
      ['2025-04', 1],
      ['2025-05', 0],
      ['2025-06', 1],
    ]);
    expect(res.body.comparison.result).not.toHaveProperty('generated_at');
  });

  it('answers the same quarter a year earlier with compare=last_year', async () => {
    const res = await get(tokens.manager, `/api/reports/referral-sources?period=q2&fiscal_year=2025&organization_id=${org}&compare=last_year`).expect(200);
    expect(res.body.comparison).toMatchObject({ kind: 'last_year', from: '2024-07-01', to: '2024-09-30' });
    expect(res.body.comparison.figures.total).toEqual({ value: 3, compared: 1, change: 2, change_pct: 200 });
  });

  it('compares a period from 29 February 2024 with one from 28 February 2023', async () => {
    const res = await get(tokens.manager, `/api/reports/csp-measures?from=2024-02-29&to=2024-03-31&organization_id=${org}&compare=last_year`).expect(200);
    expect(res.body.comparison).toMatchObject({ from: '2023-02-28', to: '2023-03-31' });
    // 2024-02-29 now; 2023-02-28 then (2023-02-27 is a day before the comparison)
    expect(res.body.comparison.figures.referrals_total).toEqual({ value: 1, compared: 1, change: 0, change_pct: 0 });
    expect(res.body.comparison.result.measures.find((m: { key: string }) => m.key === 'referrals_other').value).toBe(1);
  });

  it('compares the fiscal year to date with the same days of the year before', async () => {
    const res = await get(tokens.coordinator, '/api/reports/referral-sources?period=final&fiscal_year=2026&compare=previous').expect(200);
    expect(res.body.comparison).toMatchObject({ from: '2025-04-01', to: '2025-12-01' });
    // now: 2026-05-01 and 2026-11-30; then: every FY2025 referral up to 2025-12-01 (six, and 2025-12-01 itself), not 2025-12-02
    expect(res.body.comparison.figures.total).toEqual({ value: 2, compared: 7, change: -5, change_pct: -71.4 });
  });

  it("keeps a coordinator's comparison to its own organisation", async () => {
    const res = await get(tokens.coordinator, '/api/reports/referral-sources?period=q1&fiscal_year=2025&compare=previous').expect(200);
    expect(res.body.organization_id).toBe(org);
    // Q1 FY2025: 2025-04-01 and 2025-06-30 (not the other agency's 2025-04-02)
    expect(res.body.comparison.figures.total).toMatchObject({ value: 2, compared: 0 });
  });

  it('gives the figures of the last periods of the same length, oldest first, the period asked for last', async () => {
    const res = await get(tokens.manager, `/api/reports/referral-sources/trend?period=q2&fiscal_year=2025&organization_id=${org}&periods=4`).expect(200);
    expect(res.body).toMatchObject({ report: 'referral-sources', compare: 'previous', organization_id: org });
    expect(res.body.periods.map((p: { from: string; to: string; figures: { total: number } }) => [p.from, p.to, p.figures.total])).toEqual([
      ['2024-10-01', '2024-12-31', 0],
      ['2025-01-01', '2025-03-31', 0],
      ['2025-04-01', '2025-06-30', 2],
      ['2025-07-01', '2025-09-30', 3],
    ]);
    const yearly = await get(tokens.manager, `/api/reports/referral-sources/trend?period=q2&fiscal_year=2025&organization_id=${org}&compare=last_year&periods=2`).expect(200);
    expect(yearly.body.periods.map((p: { from: string; figures: { total: number } }) => [p.from, p.figures.total])).toEqual([
      ['2024-07-01', 1],
      ['2025-07-01', 3],
    ]);
    const defaults = await get(tokens.manager, `/api/reports/referral-sources/trend?period=q2&fiscal_year=2025&organization_id=${org}`).expect(200);
    expect(defaults.body.periods).toHaveLength(8);
  });

  it("gives in each trend period the report's own figures for that period, for every report", async () => {
    for (const [name, report] of REPORTS) {
      if (!report.figures) continue;
      const organization = `organization_id=${name === 'payment-summary' ? provider.orgId : casework}`;
      const trend = await get(tokens.manager, `/api/reports/${name}/trend?from=2025-04-01&to=2025-09-30&${organization}&periods=3`).expect(200);
      for (const period of trend.body.periods) {
        const own = await get(tokens.manager, `/api/reports/${name}?from=${period.from}&to=${period.to}&${organization}`).expect(200);
        expect([name, period.from, period.figures]).toEqual([name, period.from, report.figures(own.body)]);
      }
      // something to compare: April to September 2025 has initiations, their activities and a child waiting
      expect([name, Object.values(trend.body.periods[2].figures).some((value) => Number(value) > 0)]).toEqual([name, true]);
    }
    const payments = await get(tokens.manager, `/api/reports/payment-summary/trend?from=2025-04-01&to=2025-09-30&organization_id=${provider.orgId}&periods=2`).expect(200);
    expect(payments.body.periods.map((p: { figures: { total: number } }) => p.figures.total)).toEqual([0, 140]);
  });

  it('answers compare and /trend as the OpenAPI document describes them, for every report with figures', async () => {
    const document: OpenAPIV3_1.Document = (await ctx.api(tokens.manager).get('/api/openapi.json').expect(200)).body;
    const ajv = contractAjv(document);
    const schemaOf = (path: string) =>
      ((document.paths![path] as OpenAPIV3_1.PathItemObject).get!.responses['200'] as OpenAPIV3_1.ResponseObject).content!['application/json'].schema as object;
    for (const [name, report] of REPORTS) {
      if (!report.figures) continue;
      const organization = `organization_id=${name === 'payment-summary' ? provider.orgId : casework}`;
      const answer = ajv.compile(schemaOf(`/api/reports/${name}`));
      for (const compare of ['previous', 'last_year']) {
        const res = await get(tokens.manager, `/api/reports/${name}?from=2025-04-01&to=2025-09-30&${organization}&compare=${compare}`).expect(200);
        expect([name, compare, answer(res.body), ajv.errorsText(answer.errors)]).toEqual([name, compare, true, 'No errors']);
        // the document knows the comparison's shape: a figure without its change is refused
        const [key] = Object.keys(res.body.comparison.figures);
        const broken = { ...res.body, comparison: { ...res.body.comparison, figures: { [key]: { value: 1 } } } };
        expect([name, answer(broken)]).toEqual([name, false]);
      }
      const trend = ajv.compile(schemaOf(`/api/reports/${name}/trend`));
      const res = await get(tokens.manager, `/api/reports/${name}/trend?from=2025-04-01&to=2025-09-30&${organization}&periods=2`).expect(200);
      expect([name, trend(res.body), ajv.errorsText(trend.errors)]).toEqual([name, true, 'No errors']);
    }
  });

  it('refuses a bad comparison, a comparison of a download or of a work list, and a bad trend', async () => {
    const cases: [string, Record<string, string>][] = [
      ['referral-sources?period=q2&fiscal_year=2025&compare=yesterday', { compare: 'Must be one of previous, last_year' }],
      ['referral-sources?period=q2&fiscal_year=2025&compare=previous&format=csv', { compare: 'Applies to the JSON answer; a download holds the period’s own numbers' }],
      ['payment-reconciliation?period=q2&fiscal_year=2025&compare=previous', { compare: 'The payment-reconciliation report lists records; it has no figures to compare' }],
      ['referral-sources/trend?period=q2&fiscal_year=2025&periods=1', { periods: 'Must be a whole number from 2 to 12' }],
      ['referral-sources/trend?period=q2&fiscal_year=2025&periods=13', { periods: 'Must be a whole number from 2 to 12' }],
      ['referral-sources/trend?period=q2&fiscal_year=2025&colour=red', { colour: 'Unknown parameter' }],
      ['referral-sources/trend?compare=previous', { from: expect.any(String), to: expect.any(String) }],
    ];
    for (const [url, errors] of cases) {
      const res = await get(tokens.manager, `/api/reports/${url}`).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors });
    }
    await get(tokens.manager, '/api/reports/payment-reconciliation/trend?period=q2&fiscal_year=2025').expect(404);
  });

  it('audits a comparison and a trend as report runs', async () => {
    const { user, token } = await ctx.createUser({ role: 'ministry_manager' });
    await get(token, `/api/reports/referral-sources?period=q2&fiscal_year=2025&compare=last_year`).expect(200);
    await get(token, `/api/reports/referral-sources/trend?period=q2&fiscal_year=2025&periods=3`).expect(200);
    const rows = await ctx.knex('audit_events').where({ user_id: user.id, action: 'report' }).orderBy('id');
    expect(rows.map((r) => r.changes.after)).toEqual([
      { from: '2025-07-01', to: '2025-09-30', group: 'month', organization_id: null, compare: 'last_year' },
      { from: '2025-07-01', to: '2025-09-30', group: 'month', organization_id: null, trend: { compare: 'previous', periods: 3 } },
    ]);
  });
});
