import type { Response } from 'supertest';
import { useTestContext, type TestContext } from '../helpers/context';
import { factories } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * /api/reports over HTTP: parameters, the caller's scope, audit rows and downloads. The
 * numbers themselves are checked in the other report tests; here organisation X has two CSP
 * referrals in fiscal year 2025 and organisation Y three.
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
let orgX: number;
let orgY: number;
const tokens: Record<string, string> = {};
const userIds: Record<string, number> = {};

const FINAL_2025 = 'period=final&fiscal_year=2025';

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgX = await f.organization({ name: 'Agency X' });
  orgY = await f.organization({ name: 'Agency Y' });
  await f.referral({ organization_id: orgX, referral_date: '2025-05-01', source_type: 'self_family' });
  await f.referral({ organization_id: orgX, referral_date: '2025-06-01', source_type: 'other' });
  for (const date of ['2025-05-02', '2025-07-01', '2026-01-15']) {
    await f.referral({ organization_id: orgY, referral_date: date, source_type: 'school_educator' });
  }
  const users: [string, Parameters<TestContext['createUser']>[0]][] = [
    ['manager', { role: 'ministry_manager' }],
    ['coordinator', { role: 'coordinator', organization_id: orgX }],
    ['pm', { role: 'program_manager', organization_id: orgX }],
  ];
  for (const [name, input] of users) {
    const { user, token } = await ctx.createUser(input);
    tokens[name] = token;
    userIds[name] = user.id;
  }
});

function measure(res: Response, key: string): unknown {
  return (res.body.measures as { key: string; value: unknown }[]).find((m) => m.key === key)?.value;
}

describe('GET /api/reports/csp-measures', () => {
  it('starts the answer with the period, organisation and generation time', async () => {
    const res = await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}`).expect(200);
    expect(Object.keys(res.body).slice(0, 4)).toEqual(['from', 'to', 'organization_id', 'generated_at']);
    expect(res.body).toMatchObject({
      from: '2025-04-01',
      to: '2026-03-31',
      organization_id: null,
      generated_at: '2026-04-15T12:00:00.000Z',
    });
    expect(res.body.measures).toHaveLength(23);
  });

  it('gives a ministry manager every organisation, or the one asked for', async () => {
    const all = await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}`).expect(200);
    expect(measure(all, 'referrals_total')).toBe(5); // 2 in X + 3 in Y
    const onlyY = await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}&organization_id=${orgY}`).expect(200);
    expect(onlyY.body.organization_id).toBe(orgY);
    expect(measure(onlyY, 'referrals_total')).toBe(3);
  });

  it('answers 404 for an organisation that does not exist', async () => {
    await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}&organization_id=987654`).expect(404);
  });

  it("gives a coordinator its own organisation's numbers when it asks for none", async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${FINAL_2025}`).expect(200);
    expect(res.body.organization_id).toBe(orgX);
    expect(measure(res, 'referrals_total')).toBe(2);
  });

  it('answers 404 to a coordinator asking for another organisation, and its own numbers for its own', async () => {
    const other = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${FINAL_2025}&organization_id=${orgY}`).expect(404);
    expect(other.body.code).toBe('not_found');
    const own = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${FINAL_2025}&organization_id=${orgX}`).expect(200);
    expect(measure(own, 'referrals_total')).toBe(2);
  });

  it("gives a programme manager its organisation's numbers", async () => {
    const res = await ctx.api(tokens.pm).get('/api/reports/csp-measures?from=2025-05-01&to=2025-05-31').expect(200);
    expect(measure(res, 'referrals_total')).toBe(1); // X's 2025-05-01 referral
  });

  it('refuses bad parameters with a message per field', async () => {
    const res = await ctx.api(tokens.manager).get('/api/reports/csp-measures?from=2025-02-30&to=2025-01-01&group=week').expect(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: { from: 'Must be a real date written YYYY-MM-DD', group: 'Must be month or quarter' },
    });
    const unknown = await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}&fiscalYear=2025`).expect(400);
    expect(unknown.body.errors).toEqual({ fiscalYear: 'Unknown parameter' });
    const format = await ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}&format=pdf`).expect(400);
    expect(format.body.errors).toEqual({ format: 'Must be csv or xlsx' });
  });

  it('answers 404 for a report that does not exist', async () => {
    await ctx.api(tokens.manager).get(`/api/reports/no-such-report?${FINAL_2025}`).expect(404);
  });

  it('audits every run with its parameters', async () => {
    await ctx.api(tokens.coordinator).get('/api/reports/csp-measures?period=q1&fiscal_year=2025').expect(200);
    const row = await ctx.knex('audit_events').where({ user_id: userIds.coordinator, action: 'report' }).orderBy('id', 'desc').first();
    expect(row).toMatchObject({ action: 'report', resource: 'reports/csp-measures', user_id: userIds.coordinator });
    expect(row.changes.after).toEqual({ from: '2025-04-01', to: '2025-06-30', group: 'month', organization_id: orgX });
  });
});

describe('downloads', () => {
  it("sends the ministry's table as CSV, with a BOM when asked, and audits the export", async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${FINAL_2025}&format=csv&bom=1`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment; filename="csp-measures_measures_2025-04-01_2026-03-31.csv"');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Service data name,Value,Definition,Period from,Period to,Organisation');
    expect(lines).toHaveLength(25); // header, 23 measures, and the empty string after the last CRLF
    expect(lines[2]).toMatch(/^# of New Referrals: SPC,2,The number of new referrals .*,2025-04-01,2026-03-31,Agency X$/);
    // A definition holding commas is quoted.
    expect(lines[8]).toMatch(/^# of New Referrals by Other Sources: SPC,1,"The number .*\(e\.g\., other .*",2025-04-01,2026-03-31,Agency X$/);
    // The average age is empty (no initiations).
    expect(lines[14]).toMatch(/^Average Age at Coordinated Service Planning Initiation \(Months\): SPC,,/);
    const audit = await ctx.knex('audit_events').where({ user_id: userIds.coordinator, action: 'export' }).first();
    expect(audit).toMatchObject({ resource: 'reports/csp-measures' });
    expect(audit.changes.after).toMatchObject({ format: 'csv', table: 'measures', bom: true });
  });

  it('sends the same table as XLSX, numbers as numbers', async () => {
    const { res, sheet } = await xlsxSheet(ctx.api(tokens.manager).get(`/api/reports/csp-measures?${FINAL_2025}&format=xlsx`));
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sheet.rowCount).toBe(24);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Service data name', 'Value', 'Definition', 'Period from', 'Period to', 'Organisation']);
    expect(sheet.getRow(3).getCell(1).value).toBe('# of New Referrals: SPC');
    expect(sheet.getRow(3).getCell(2).value).toBe(5);
    expect(sheet.getRow(3).getCell(6).value).toBe('All organisations');
  });

  it("downloads another table of a dashboard report with `table`", async () => {
    const res = await ctx
      .api(tokens.manager)
      .get(`/api/reports/referral-sources?${FINAL_2025}&group=quarter&format=csv`)
      .expect(200);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      "Period,Label,Self or family,School or educator,Physician or other health provider,Children's Aid Society,Indigenous organisation,Other sources,Total",
    );
    // Q1: X's two and Y's 2025-05-02; Q2: Y's 2025-07-01; Q4: Y's 2026-01-15
    expect(lines.slice(1, 5)).toEqual([
      'FY2025-Q1,Q1 2025-26,1,1,0,0,0,1,3',
      'FY2025-Q2,Q2 2025-26,0,1,0,0,0,0,1',
      'FY2025-Q3,Q3 2025-26,0,0,0,0,0,0,0',
      'FY2025-Q4,Q4 2025-26,0,1,0,0,0,0,1',
    ]);
    const bad = await ctx.api(tokens.manager).get(`/api/reports/referral-sources?${FINAL_2025}&format=csv&table=waiting`).expect(400);
    expect(bad.body.errors).toEqual({ table: 'Must be one of series' });
    // the children waiting are a list of their own (GET /api/reports/wait-times/waiting), not a table of the report
    const waiting = await ctx.api(tokens.manager).get(`/api/reports/wait-times?${FINAL_2025}&format=csv&table=waiting`).expect(400);
    expect(waiting.body.errors).toEqual({ table: 'Must be one of summary, series, histogram' });
    await ctx.api(tokens.manager).get(`/api/reports/wait-times?${FINAL_2025}&format=csv&table=histogram`).expect(200);
  });
});

describe('the dashboard reports over HTTP', () => {
  it.each(['referral-sources', 'wait-times', 'active-plans', 'payment-summary'])('serves %s with the common header', async (name) => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/${name}?${FINAL_2025}&group=quarter`).expect(200);
    expect(res.body).toMatchObject({ from: '2025-04-01', to: '2026-03-31', organization_id: orgX });
    expect(res.body.series).toHaveLength(4);
  });
});
