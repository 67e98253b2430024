import {
  ACTIVE_PLANS_KEYS,
  PAYMENT_SUMMARY_KEYS,
  REFERRAL_SOURCES_KEYS,
  type ActivePlansReport,
  type CspMeasuresReport,
  type ExplanationRow,
  type ExplanationSummary,
  type PaymentSummaryReport,
  type ReferralSourcesReport,
  type WaitTimesReport,
} from '../../contract/reports';
import { openSession } from '../../server/auth/sessions';
import { REPORTS } from '../../server/reports/registry';
import { seedDemo } from '../../seeds/demo';
import { useTestContext } from '../helpers/context';
import { statisticOf } from '../helpers/explanations';

/**
 * Every figure of the dashboard and of the CSP measures page, on the demo data, for the
 * default period (the whole current fiscal year, the clock in its middle), opens rows whose
 * contributions give that figure — as the ministry manager (every organisation), and for the
 * whole period as the demo programme manager (its places).
 */
const TODAY = '2026-11-20';
const ctx = useTestContext({ now: `${TODAY}T18:00:00.000Z` });
const PERIOD = 'period=final&fiscal_year=2026';
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo(ctx.knex, { today: TODAY });
  tokens.manager = (await ctx.createUser({ role: 'ministry_manager' })).token;
  const pm = await ctx.knex('users').where({ email: 'pm@demo.example' }).first('id');
  tokens.pm = (await openSession(ctx.knex, pm.id, 'bearer', 12, new Date())).token;
}, 120_000);

type Figure = { report: string; key: string; bucket: string | null; value: number | null };

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The figures the dashboard shows (KPI cards, bars, line points, histogram bars) and the CSP measures. */
async function figures(token: string): Promise<Figure[]> {
  const get = async <T>(name: string) => (await ctx.api(token).get(`/api/reports/${name}?${PERIOD}`).expect(200)).body as T;
  const [sources, waits, active, payments, csp] = await Promise.all([
    get<ReferralSourcesReport>('referral-sources'),
    get<WaitTimesReport>('wait-times'),
    get<ActivePlansReport>('active-plans'),
    get<PaymentSummaryReport>('payment-summary'),
    get<CspMeasuresReport>('csp-measures'),
  ]);
  const list: Figure[] = [];
  const add = (report: string, key: string, bucket: string | null, value: number | null) => list.push({ report, key, bucket, value });
  for (const key of REFERRAL_SOURCES_KEYS) {
    add('referral-sources', key, null, sources.totals[key]);
    for (const point of sources.series) add('referral-sources', key, point.period, point[key]);
  }
  const statistics = { initiations: 'count', mean: 'mean', median: 'median', p90: 'p90' } as const;
  for (const [key, field] of Object.entries(statistics)) {
    add('wait-times', key, null, waits.summary[field]);
    for (const point of waits.series) add('wait-times', key, point.period, point[field]);
  }
  for (const bar of waits.histogram) add('wait-times', 'initiations', bar.bucket, bar.count);
  add('wait-times', 'waiting', null, waits.waiting_total);
  const counted = active.series.filter((p) => p.total !== null);
  for (const key of ACTIVE_PLANS_KEYS) {
    add('active-plans', key, null, counted[counted.length - 1][key]);
    for (const point of counted) add('active-plans', key, point.period, point[key]);
  }
  for (const key of PAYMENT_SUMMARY_KEYS) {
    add('payment-summary', key, null, round2(payments.series.reduce((sum, p) => sum + p[key], 0)));
    for (const point of payments.series) add('payment-summary', key, point.period, point[key]);
  }
  for (const measure of csp.measures) add('csp-measures', measure.key, null, measure.value);
  return list;
}

async function rowsOf(token: string, figure: Figure): Promise<ExplanationRow[]> {
  const rows: ExplanationRow[] = [];
  const bucket = figure.bucket ? `&bucket=${encodeURIComponent(figure.bucket)}` : '';
  for (let start = 0; ; start += 1000) {
    const res = await ctx
      .api(token)
      .get(`/api/reports/${figure.report}/records?key=${figure.key}${bucket}&${PERIOD}&range=${encodeURIComponent(`[${start},${start + 999}]`)}`)
      .expect(200);
    rows.push(...res.body);
    if (rows.length >= Number(String(res.headers['content-range']).split('/')[1])) return rows;
  }
}

async function check(token: string, which: (figure: Figure) => boolean = () => true) {
  const all = (await figures(token)).filter(which);
  const failures: string[] = [];
  let nonZero = 0;
  for (const figure of all) {
    const bucket = figure.bucket ? `&bucket=${encodeURIComponent(figure.bucket)}` : '';
    const [summary, rows] = await Promise.all([
      ctx.api(token).get(`/api/reports/${figure.report}/explanation?key=${figure.key}${bucket}&${PERIOD}`).expect(200).then((r) => r.body as ExplanationSummary),
      rowsOf(token, figure),
    ]);
    const fromRows = statisticOf(rows, summary.statistic, summary.decimals);
    if (fromRows !== figure.value || summary.figure !== figure.value || summary.count !== rows.length) {
      failures.push(`${figure.report} ${figure.key} ${figure.bucket ?? '(period)'}: figure ${figure.value}, rows give ${fromRows}, summary ${summary.figure}`);
    }
    if (figure.value) nonZero += 1;
  }
  return { count: all.length, nonZero, failures };
}

it('explains every figure of the demo dashboard for the ministry manager', async () => {
  const { count, nonZero, failures } = await check(tokens.manager);
  expect(failures).toEqual([]);
  // 7 × 13 referral figures, 4 × 13 + 6 + 1 wait figures, 3 × 9 active-plans points (April to
  // November, and the period so far), 7 × 13 payment figures and 23 measures.
  expect(count).toBe(91 + 59 + 27 + 91 + 23);
  expect(nonZero).toBeGreaterThan(200);
}, 300_000);

it("explains the programme manager's figures of the whole period, the KPI cards among them", async () => {
  const { count, failures, nonZero } = await check(tokens.pm, (figure) => figure.bucket === null);
  expect(failures).toEqual([]);
  expect(count).toBe(7 + 5 + 3 + 7 + 23);
  expect(nonZero).toBeGreaterThan(25);
}, 300_000);

it("gives as each report's figures (compare=, /trend) exactly these figures of the whole period", async () => {
  const expected = (await figures(tokens.manager)).filter((figure) => figure.bucket === null);
  const names = [...new Set(expected.map((figure) => figure.report))];
  const bodies = new Map(await Promise.all(names.map(async (name) => [name, (await ctx.api(tokens.manager).get(`/api/reports/${name}?${PERIOD}`).expect(200)).body] as const)));
  const declared = names.flatMap((name) =>
    Object.entries(REPORTS.get(name)!.figures!(bodies.get(name))).map(([key, value]) => ({ report: name, key, bucket: null, value })),
  );
  const order = (list: Figure[]) => [...list].sort((a, b) => `${a.report} ${a.key}`.localeCompare(`${b.report} ${b.key}`));
  expect(order(declared)).toEqual(order(expected));
}, 120_000);
