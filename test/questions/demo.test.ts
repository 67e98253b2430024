import { activePlansAtEnd } from '../../dashboard/src/dashboard/charts/activePlans/aggregate';
import { paymentsTotal } from '../../dashboard/src/dashboard/charts/paymentSummary/aggregate';
import { newReferrals } from '../../dashboard/src/dashboard/charts/referralSources/aggregate';
import { childrenWaiting, medianWait } from '../../dashboard/src/dashboard/charts/waitTimes/aggregate';
import { BUILT_IN } from '../../server/questions/builtInCards';
import { seedDemo } from '../../seeds/demo';
import { openSession } from '../../server/auth/sessions';
import { useTestContext } from '../helpers/context';

/**
 * The demo data's default dashboard is the managers' dashboard, built from the built-in cards,
 * and its two example questions answer for a ministry manager, each group opening its list.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let token: string;

beforeAll(async () => {
  await seedDemo(ctx.knex, { today: '2026-01-15' });
  const manager = await ctx.knex('users').where({ email: 'manager@demo.example' }).first('id');
  token = (await openSession(ctx.knex, manager.id, 'bearer', 1, new Date())).token;
}, 120_000);

it("has the managers' dashboard as the default, with the five KPIs and four charts", async () => {
  const dashboards = await ctx.api(token).get(`/api/dashboards?filter=${encodeURIComponent(JSON.stringify({ is_default: true }))}`);
  expect(dashboards.body.map((d: { title: string }) => d.title)).toEqual(["Managers' dashboard"]);
  const run = await ctx.api(token).get(`/api/dashboards/${dashboards.body[0].id}/run`);
  expect(run.body.cards.map((c: { report_card: string }) => c.report_card)).toEqual([
    'kpi.new_referrals', 'kpi.children_waiting', 'kpi.median_wait', 'kpi.active_plans', 'kpi.payments',
    'chart.referral_sources', 'chart.wait_times', 'chart.active_plans', 'chart.payments',
  ]);
  expect(run.body.cards.every((c: { error: unknown; answer: unknown }) => c.error === null && c.answer !== null)).toBe(true);
  expect(run.body.filters).toMatchObject({ from: '2025-04-01', to: '2026-03-31' });

  // a pack's KPI is the number the dashboard's card shows (dashboard/src/dashboard/KpiCards.tsx)
  const dashboardKpis: Record<string, (report: any) => number | null> = {
    'kpi.new_referrals': newReferrals,
    'kpi.children_waiting': childrenWaiting,
    'kpi.median_wait': medianWait,
    'kpi.active_plans': activePlansAtEnd,
    'kpi.payments': paymentsTotal,
  };
  for (const card of run.body.cards.slice(0, 5)) {
    const key = card.report_card as keyof typeof BUILT_IN;
    expect({ key, value: BUILT_IN[key].value!(card.answer) }).toEqual({ key, value: dashboardKpis[key](card.answer) });
  }
});

it.each(['Support requests approved per month by type', 'Children waiting by service delivery area'])('answers "%s", each group opening a list of as many records', async (title) => {
  const questions = await ctx.api(token).get(`/api/questions?filter=${encodeURIComponent(JSON.stringify({ q: title }))}`);
  expect(questions.body.map((q: { title: string }) => q.title)).toEqual([title]);
  const answer = await ctx.api(token).post(`/api/questions/${questions.body[0].id}/run`, {});
  expect(answer.status).toBe(200);
  expect(answer.body.rows.length).toBeGreaterThan(1);
  for (const row of answer.body.rows.slice(0, 4)) {
    const list = await ctx.api(token).get(`/api/${answer.body.resource}?range=[0,0]&filter=${encodeURIComponent(JSON.stringify(row.filter))}`);
    expect(list.headers['content-range']).toMatch(new RegExp(`/${row.value}$`));
  }
});
