import { REPORTS } from '../../server/reports/registry';
import type { ReportInput } from '../../server/reports/types';
import { useTestContext } from '../helpers/context';
import { assignToPlace, factories } from '../helpers/factories';

/**
 * How many times a KPI's report runs (server/reports/runMemo.ts, compare.ts): the report, its
 * two comparisons and its eight-period trend asked for as a KPI card asks (the report, then the
 * three at once) run once per distinct period; a write is in the next answer; two callers whose
 * scopes differ never get each other's numbers. The clock stands at 2026-12-01, in fiscal year
 * 2026; every test writes first, so that no answer of another test is reused.
 */
const ctx = useTestContext({ now: '2026-12-01T15:00:00.000Z' });
const FY2026 = 'from=2026-04-01&to=2027-03-31';

const referralSources = REPORTS.get('referral-sources')!;
let runs: jest.SpyInstance;
/** The periods the report ran for since the last call, in the order the runs started. */
const ranFor = () => {
  const periods = runs.mock.calls.map(([, input]: [unknown, ReportInput]) => `${input.from}..${input.to}`);
  runs.mockClear();
  return periods;
};

let org: number;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const f = factories(ctx.knex);
  org = await f.organization({ name: 'Counted agency', kind: 'service_provider' });
  const contract = await f.contract({ organization_id: org });
  const a1 = await f.placeOfService({ organization_id: org, name: 'A1' });
  const a2 = await f.placeOfService({ organization_id: org, name: 'A2' });
  // A1: two SHSS referrals placed there; A2: one; and one at intake (no placement), which both see.
  for (const [place, referral_date] of [[a1, '2026-04-20'], [a1, '2026-05-03'], [a2, '2026-04-25']] as const) {
    const referral = await f.referral({ organization_id: org, referral_date, program: 'SHSS', source_type: 'school_educator' });
    await ctx.knex('placements').insert({ child_id: await f.child(), place_of_service_id: place, contract_id: contract, referral_id: referral, kind: 'regular', start_date: '2026-05-01', status: 'active' });
  }
  await f.referral({ organization_id: org, referral_date: '2026-09-01', program: 'SHSS' });
  // the same days of fiscal year 2025 (to 2025-12-01), and the ones before
  for (const date of ['2025-06-10', '2025-11-30', '2024-07-01', '2019-05-05']) await f.referral({ organization_id: org, referral_date: date, program: 'SHSS' });
  tokens.manager = (await ctx.createUser({ role: 'ministry_manager' })).token;
  for (const [name, place] of [['atA1', a1], ['atA2', a2]] as const) {
    const { user, token } = await ctx.createUser({ role: 'program_manager', organization_id: org });
    await assignToPlace(ctx.knex, user.id, place);
    tokens[name] = token;
  }
  runs = jest.spyOn(referralSources, 'run');
});
afterAll(() => runs.mockRestore());

const get = async (token: string, url: string) => (await ctx.api(token).get(`/api/reports/${url}`).expect(200)).body;
/** A write of this process: no answer read before it is reused after it. */
const write = () => factories(ctx.knex).referral({ organization_id: org, referral_date: '2010-01-01' });

test('a KPI card: the report, then its two comparisons and its 8-period trend at once, run once per distinct period', async () => {
  await write();
  ranFor();
  const plain = await get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}`);
  expect(ranFor()).toEqual(['2026-04-01..2027-03-31']);
  const [previous, lastYear, trend] = await Promise.all([
    get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}&compare=previous`),
    get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}&compare=last_year`),
    get(tokens.manager, `referral-sources/trend?${FY2026}&organization_id=${org}&compare=previous&periods=8`),
  ]);
  // the period itself (three more times) is the report's answer; the year before (three times:
  // both comparisons of a fiscal year and the trend's) runs once; then the six years before it
  expect(ranFor().sort()).toEqual([
    '2019-04-01..2019-12-01',
    '2020-04-01..2020-12-01',
    '2021-04-01..2021-12-01',
    '2022-04-01..2022-12-01',
    '2023-04-01..2023-12-01',
    '2024-04-01..2024-12-01',
    '2025-04-01..2025-12-01',
  ]);
  // …and every answer is what it was: 2026-04-20, 2026-05-03, 2026-04-25, 2026-09-01 now; 2025-06-10 and 2025-11-30 then
  expect(plain.totals.total).toBe(4);
  expect(previous.comparison.figures.total).toEqual({ value: 4, compared: 2, change: 2, change_pct: 100 });
  expect(lastYear.comparison.figures.total).toEqual({ value: 4, compared: 2, change: 2, change_pct: 100 });
  expect(trend.periods.map((p: { from: string; figures: { total: number } }) => [p.from, p.figures.total])).toEqual([
    ['2019-04-01', 1],
    ['2020-04-01', 0],
    ['2021-04-01', 0],
    ['2022-04-01', 0],
    ['2023-04-01', 0],
    ['2024-04-01', 1],
    ['2025-04-01', 2],
    ['2026-04-01', 4],
  ]);
  // both comparisons of a fiscal year are the same run
  expect(previous.comparison.result.series).toEqual(lastYear.comparison.result.series);
});

test('the CSP page: the measures, then last year and the 8-year trend at once, run once per fiscal year', async () => {
  await write();
  ranFor();
  const csp = jest.spyOn(REPORTS.get('csp-measures')!, 'run');
  try {
    await get(tokens.manager, 'csp-measures?from=2025-04-01&to=2026-03-31');
    await Promise.all([
      get(tokens.manager, 'csp-measures?from=2025-04-01&to=2026-03-31&compare=last_year'),
      get(tokens.manager, 'csp-measures/trend?from=2025-04-01&to=2026-03-31&compare=last_year&periods=8'),
    ]);
    // the measures' statements open with comments: still reads, not writes that would forget the answers
    expect(csp.mock.calls.map(([, input]) => `${input.from.slice(0, 4)}–${input.to.slice(0, 4)}`).sort()).toEqual(
      ['2018–2019', '2019–2020', '2020–2021', '2021–2022', '2022–2023', '2023–2024', '2024–2025', '2025–2026'],
    );
  } finally {
    csp.mockRestore();
  }
});

test('one request runs the period it is asked for once: a comparison two runs, a trend one per period', async () => {
  await write();
  ranFor();
  await get(tokens.manager, `referral-sources?period=q2&fiscal_year=2026&organization_id=${org}&compare=last_year`);
  expect(ranFor()).toEqual(['2026-07-01..2026-09-30', '2025-07-01..2025-09-30']);
  await write();
  ranFor();
  const trend = await get(tokens.manager, `referral-sources/trend?period=q2&fiscal_year=2026&organization_id=${org}&periods=4`);
  expect(ranFor().sort()).toEqual(['2025-10-01..2025-12-31', '2026-01-01..2026-03-31', '2026-04-01..2026-06-30', '2026-07-01..2026-09-30']);
  expect(trend.periods.map((p: { figures: { total: number } }) => p.figures.total)).toEqual([1, 0, 3, 1]);
});

test('two programme managers whose places differ never get each other\'s numbers, asked at once or one after the other', async () => {
  await write();
  ranFor();
  // FY2026: A1 its two referrals and the intake one, A2 its one and the intake one; FY2025 to date: both intake ones
  const together = await Promise.all(['atA1', 'atA2', 'atA1', 'atA2'].map((who) => get(tokens[who], `referral-sources?${FY2026}&compare=previous`)));
  expect(together.map((body) => body.totals.total)).toEqual([3, 2, 3, 2]);
  const apart = [];
  for (const who of ['atA2', 'atA1', 'manager']) apart.push((await get(tokens[who], `referral-sources?${FY2026}&organization_id=${org}`)).totals.total);
  expect(apart).toEqual([2, 3, 4]);
  const trends = await Promise.all(['atA1', 'atA2'].map((who) => get(tokens[who], `referral-sources/trend?${FY2026}&periods=2`)));
  expect(trends.map((t) => t.periods.map((p: { figures: { total: number } }) => p.figures.total))).toEqual([
    [2, 3],
    [2, 2],
  ]);
  // each scope's period and year before ran once, the manager's period once
  expect(ranFor().sort()).toEqual(['2025-04-01..2025-12-01', '2025-04-01..2025-12-01', '2026-04-01..2027-03-31', '2026-04-01..2027-03-31', '2026-04-01..2027-03-31']);
});

test('a write is in the next answer, a comparison and a trend alike', async () => {
  await write();
  const before = await get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}&compare=previous`);
  const trendBefore = await get(tokens.manager, `referral-sources/trend?${FY2026}&organization_id=${org}&periods=2`);
  ranFor();
  await get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}&compare=previous`);
  expect(ranFor()).toEqual([]); // nothing written: answered from the memo
  await factories(ctx.knex).referral({ organization_id: org, referral_date: '2026-11-15', program: 'SHSS' });
  await factories(ctx.knex).referral({ organization_id: org, referral_date: '2025-10-15', program: 'SHSS' });
  const after = await get(tokens.manager, `referral-sources?${FY2026}&organization_id=${org}&compare=previous`);
  expect(ranFor()).toEqual(['2026-04-01..2027-03-31', '2025-04-01..2025-12-01']);
  expect([before.comparison.figures.total, after.comparison.figures.total]).toEqual([
    { value: 4, compared: 2, change: 2, change_pct: 100 },
    { value: 5, compared: 3, change: 2, change_pct: 66.7 },
  ]);
  const trendAfter = await get(tokens.manager, `referral-sources/trend?${FY2026}&organization_id=${org}&periods=2`);
  expect([trendBefore, trendAfter].map((t) => t.periods.map((p: { figures: { total: number } }) => p.figures.total))).toEqual([
    [2, 4],
    [3, 5],
  ]);
});
