import { explainFigure } from '../../server/reports/explain';
import { visibleRecords } from '../../server/reports/reportScope';
import { waitTimesReport } from '../../server/reports/waitTimes';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * GET /api/reports/<name>/records and /explanation over HTTP: the list protocol, downloads,
 * the audit trail, bad parameters and the caller's scope. The clock stands at 2026-12-01, in
 * the middle of fiscal year 2026: the dashboard's default view (the whole year) ends in the future.
 */
const ctx = useTestContext({ now: '2026-12-01T15:00:00.000Z' });
const FY2026 = 'period=final&fiscal_year=2026';
let orgX: number;
let orgY: number;
const tokens: Record<string, string> = {};
const users: Record<string, number> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgX = await f.organization({ name: 'Agency X' });
  orgY = await f.organization({ name: 'Agency Y' });
  // X: three CSP referrals of the year; the first names Jules, waiting since 2026-07-04.
  ids.julesReferral = await f.referral({ organization_id: orgX, referral_date: '2026-07-04', source_type: 'school_educator' });
  ids.jules = await f.child({ first_name: 'Jules', last_name: 'Waiting' });
  await f.referralChild({ referral_id: ids.julesReferral, child_id: ids.jules, eligibility: 'eligible', eligibility_decided_on: '2026-07-10' });
  ids.mayReferral = await f.referral({ organization_id: orgX, referral_date: '2026-05-02', source_type: 'school_educator' });
  ids.aprilReferral = await f.referral({ organization_id: orgX, referral_date: '2026-04-01', source_type: 'other' });
  // Y: one referral, not X's.
  ids.yReferral = await f.referral({ organization_id: orgY, referral_date: '2026-05-03', source_type: 'school_educator' });
  for (const [name, role, organization_id] of [
    ['manager', 'ministry_manager', null],
    ['coordinator', 'coordinator', orgX],
    ['otherCoordinator', 'coordinator', orgY],
  ] as const) {
    const { user, token } = await ctx.createUser({ role, organization_id });
    tokens[name] = token;
    users[name] = user.id;
  }
});

describe('GET /api/reports/<name>/records', () => {
  it('answers the rows of one figure in the list protocol, sorted and paged', async () => {
    const res = await ctx
      .api(tokens.coordinator)
      .get(`/api/reports/csp-measures/records?key=referrals_total&${FY2026}&sort=${encodeURIComponent('["date","DESC"]')}&range=${encodeURIComponent('[0,1]')}`)
      .expect(200);
    expect(res.headers['content-range']).toBe('records 0-1/3');
    expect(res.body).toEqual([
      { unit: 'referral', id: ids.julesReferral, child_id: ids.jules, child_name: 'Jules Waiting', date: '2026-07-04', contribution: 1, detail: 'CSP referral from School or educator, 1 child' },
      { unit: 'referral', id: ids.mayReferral, child_id: null, child_name: null, date: '2026-05-02', contribution: 1, detail: 'CSP referral from School or educator, 0 children' },
    ]);
    const rest = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures/records?key=referrals_total&${FY2026}&sort=${encodeURIComponent('["date","DESC"]')}&range=${encodeURIComponent('[2,9]')}`).expect(200);
    expect(rest.headers['content-range']).toBe('records 2-2/3');
    expect(rest.body.map((r: { id: number }) => r.id)).toEqual([ids.aprilReferral]);
  });

  it('keeps a scoped caller to its own organisation, and gives a ministry manager every one or the one asked for', async () => {
    const manager = await ctx.api(tokens.manager).get(`/api/reports/referral-sources/records?key=school_educator&${FY2026}&bucket=2026-05`).expect(200);
    expect(manager.body.map((r: { id: number }) => r.id).sort()).toEqual([ids.mayReferral, ids.yReferral].sort());
    const onlyY = await ctx.api(tokens.manager).get(`/api/reports/referral-sources/records?key=total&${FY2026}&organization_id=${orgY}`).expect(200);
    expect(onlyY.body.map((r: { id: number }) => r.id)).toEqual([ids.yReferral]);
    const other = await ctx.api(tokens.coordinator).get(`/api/reports/referral-sources/records?key=total&${FY2026}&organization_id=${orgY}`).expect(404);
    expect(other.body.code).toBe('not_found');
  });

  it('downloads every row as CSV or XLSX', async () => {
    const csv = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures/records?key=referrals_total&${FY2026}&format=csv`).expect(200);
    expect(csv.headers['content-disposition']).toContain('filename="csp-measures_referrals_total_2026-04-01_2027-03-31.csv"');
    // headers and the unit's label in the caller's language (docs/exports.md "Report downloads")
    expect(csv.text.split('\r\n')).toEqual([
      'Record (code),Record,Record (id),Child (id),Child,Date,Contribution,Why it counts',
      `referral,Referral,${ids.aprilReferral},,,2026-04-01,1,"CSP referral from Other sources, 0 children"`,
      `referral,Referral,${ids.mayReferral},,,2026-05-02,1,"CSP referral from School or educator, 0 children"`,
      `referral,Referral,${ids.julesReferral},${ids.jules},Jules Waiting,2026-07-04,1,"CSP referral from School or educator, 1 child"`,
      '',
    ]);
    const fields = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures/records?key=referrals_total&${FY2026}&format=csv&headers=fields&lang=fr`).expect(200);
    expect(fields.text.split('\r\n').slice(0, 2)).toEqual([
      'unit,unit_label,id,child_id,child_name,date,contribution,detail',
      `referral,Demande,${ids.aprilReferral},,,2026-04-01,1,"CSP referral from Other sources, 0 children"`,
    ]);
    const { sheet } = await xlsxSheet(ctx.api(tokens.manager).get(`/api/reports/referral-sources/records?key=school_educator&bucket=2026-05&${FY2026}&format=xlsx`));
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(7).value).toBe(1);
    // the date is a date cell
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date('2026-05-02T00:00:00.000Z'));
  });

  it('audits every read of an explanation, with the figure it explains', async () => {
    await ctx.api(tokens.coordinator).get(`/api/reports/referral-sources/records?key=other&bucket=2026-04&${FY2026}`).expect(200);
    await ctx.api(tokens.coordinator).get(`/api/reports/referral-sources/explanation?key=other&bucket=2026-04&${FY2026}`).expect(200);
    const rows = await ctx.knex('audit_events').where({ user_id: users.coordinator, action: 'explain', resource: 'reports/referral-sources' }).orderBy('id');
    expect(rows.slice(-2).map((r) => r.changes.after)).toEqual([
      {
        view: 'records',
        key: 'other',
        bucket: '2026-04',
        from: '2026-04-01',
        to: '2027-03-31',
        group: 'month',
        organization_id: orgX,
        sort: ['date', 'ASC'],
        range: [0, 24],
      },
      { view: 'summary', key: 'other', bucket: '2026-04', from: '2026-04-01', to: '2027-03-31', group: 'month', organization_id: orgX },
    ]);
  });

  it('refuses a bad key, bucket, sort, range or parameter with a message per field', async () => {
    const cases: [string, Record<string, string>][] = [
      [`key=nothing&${FY2026}`, { key: expect.stringMatching(/^Required, one of expenditures, referrals_total/) }],
      [FY2026, { key: expect.stringMatching(/^Required, one of/) }],
      [`key=referrals_total&bucket=2026-04&${FY2026}`, { bucket: 'The CSP measures have no buckets: leave it out' }],
      [`key=referrals_total&bucket=April&${FY2026}`, { bucket: 'Must be a month (2025-04), a fiscal quarter (FY2025-Q1) or a histogram bucket (31-60)' }],
      [`key=referrals_total&sort=${encodeURIComponent('["name","ASC"]')}&${FY2026}`, { sort: expect.stringMatching(/^Must be \["<unit\|id\|child_id/) }],
      [`key=referrals_total&range=${encodeURIComponent('[0,5000]')}&${FY2026}`, { range: 'at most 1000 rows' }],
      [`key=referrals_total&color=red&${FY2026}`, { color: 'Unknown parameter' }],
      ['key=referrals_total', { from: expect.any(String), to: expect.any(String) }],
    ];
    for (const [query, errors] of cases) {
      const res = await ctx.api(tokens.manager).get(`/api/reports/csp-measures/records?${query}`).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors });
    }
    const outside = await ctx.api(tokens.manager).get(`/api/reports/payment-summary/records?key=total&bucket=2025-04&${FY2026}`).expect(400);
    expect(outside.body.errors.bucket).toMatch(/^Must be a month \(2025-04\) or fiscal quarter \(FY2025-Q1\) of the period 2026-04-01 to 2027-03-31$/);
    await ctx.api(tokens.manager).get(`/api/reports/no-such-report/records?key=total&${FY2026}`).expect(404);
  });
});

describe('GET /api/reports/<name>/explanation', () => {
  it('gives the figure, how it follows from the rows and its definition', async () => {
    const res = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures/explanation?key=referrals_total&${FY2026}`).expect(200);
    expect(res.body).toMatchObject({
      report: 'csp-measures',
      key: 'referrals_total',
      bucket: null,
      from: '2026-04-01',
      to: '2027-03-31',
      organization_id: orgX,
      as_of: null,
      unit: 'referral',
      statistic: 'sum',
      decimals: null,
      count: 3,
      figure: 3,
      generated_at: '2026-12-01T15:00:00.000Z',
    });
    expect(res.body.definition).toMatch(/^The number of new referrals for Coordinated Service Planning/);
  });
});

describe('waiting is counted to today, not to a future end of the period', () => {
  it('answers 150 days for a child referred 2026-07-04, on 2026-12-01, in the whole-year view', async () => {
    const report = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times?${FY2026}`).expect(200);
    expect(report.body.as_of).toBe('2026-12-01');
    expect(report.body.waiting).toEqual([
      {
        child_id: ids.jules,
        child_name: 'Jules Waiting',
        referral_id: ids.julesReferral,
        referral_date: '2026-07-04',
        organization_id: orgX,
        days_waited: 150,
        // the waiting list carries the coordinator's priority (routine until one is set)
        priority: 'routine',
        priority_reason: null,
      },
    ]);
    const measures = await ctx.api(tokens.coordinator).get(`/api/reports/csp-measures?${FY2026}`).expect(200);
    expect(measures.body.as_of).toBe('2026-12-01');
    const explained = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/records?key=waiting&${FY2026}`).expect(200);
    expect(explained.body).toEqual([
      expect.objectContaining({ id: ids.jules, date: '2026-07-04', detail: `Eligible on referral ${ids.julesReferral} of 2026-07-04, not initiated: 150 days waited on 2026-12-01` }),
    ]);
    const summary = await ctx.api(tokens.coordinator).get(`/api/reports/wait-times/explanation?key=waiting&${FY2026}`).expect(200);
    expect(summary.body).toMatchObject({ as_of: '2026-12-01', figure: 1 });
  });

  it('counts on `to` when the period is over', async () => {
    const res = await ctx.api(tokens.coordinator).get('/api/reports/wait-times?from=2026-04-01&to=2026-09-30').expect(200);
    expect(res.body.as_of).toBe('2026-09-30');
    expect(res.body.waiting[0].days_waited).toBe(88); // 2026-07-04 → 2026-09-30
  });
});

describe('names', () => {
  it('leaves out the name of a child the caller may count but not see', async () => {
    // Agency Y's coordinator sees none of X's children. Explained with X's figure but Y's view
    // of the children (no role reaches this today: the rule is kept for when one does).
    const user = { id: users.otherCoordinator, email: 'y@test.example', full_name: 'Y', role: 'coordinator' as const, organization_id: orgY };
    const explained = await explainFigure(
      ctx.knex,
      waitTimesReport,
      { from: '2026-04-01', to: '2027-03-31', organization_id: orgX, key: 'waiting', bucket: null, today: '2026-12-01' },
      visibleRecords(user, '2026-12-01'),
    );
    expect(explained.rows).toEqual([expect.objectContaining({ id: ids.jules, child_id: ids.jules, child_name: null })]);
    expect(explained.figure).toBe(1);
  });
});
