import { useTestContext, type TestUser } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * Saved questions, dashboards and cards are resources: an owner sees and edits its own, others
 * see what is shared with them (roles, organisation) and may not change it, and a shared
 * question or dashboard always runs in the viewer's scope. A spec is saved only if it could
 * be asked.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
type Account = { user: TestUser; token: string };
let orgs: { M: number; A: number; B: number };
let manager: Account;
let otherManager: Account;
let finance: Account;
let adminA: Account;
let adminB: Account;

const SPEC = { resource: 'referrals', group_by: [{ field: 'referral_date', bucket: 'month' }], measure: { fn: 'count' } };

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgs = { M: await f.organization({ name: 'Ministry', kind: 'ministry' }), A: await f.organization({ name: 'Agency A' }), B: await f.organization({ name: 'Agency B' }) };
  manager = await ctx.createUser({ role: 'ministry_manager', organization_id: orgs.M });
  otherManager = await ctx.createUser({ role: 'ministry_manager', organization_id: orgs.M });
  finance = await ctx.createUser({ role: 'ministry_finance', organization_id: orgs.M });
  adminA = await ctx.createUser({ role: 'org_admin', organization_id: orgs.A });
  adminB = await ctx.createUser({ role: 'org_admin', organization_id: orgs.B });
  // referrals: two of agency A in April 2025, one of agency B in May 2025
  for (const [organization_id, referral_date] of [[orgs.A, '2025-04-02'], [orgs.A, '2025-04-20'], [orgs.B, '2025-05-05']] as const) {
    await f.referral({ organization_id, referral_date });
  }
});

const api = (who: Account) => ctx.api(who.token);

async function create(who: Account, resource: string, body: object) {
  const res = await api(who).post(`/api/${resource}`, body);
  expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
  return res.body;
}

const ids = (res: { body: { id: number }[] }) => res.body.map((r) => r.id).sort((a, b) => a - b);

describe('questions', () => {
  it('are owned by their author, in its organisation, private unless shared', async () => {
    const question = await create(manager, 'questions', { title: 'Referrals per month', spec: SPEC, visualization: 'bar', owner_id: otherManager.user.id });
    expect(question).toMatchObject({ owner_id: manager.user.id, organization_id: orgs.M, shared_with: 'private', shared_roles: [] });
    expect((await api(otherManager).get(`/api/questions/${question.id}`)).status).toBe(404);
    expect((await api(manager).get(`/api/questions/${question.id}`)).status).toBe(200);
  });

  it('are seen by the roles they are shared with, or by the owner organisation, and by no one else', async () => {
    const toFinance = await create(manager, 'questions', { title: 'For finance', spec: SPEC, visualization: 'table', shared_with: 'roles', shared_roles: ['ministry_finance'] });
    const toMinistry = await create(manager, 'questions', { title: 'For the ministry', spec: SPEC, visualization: 'table', shared_with: 'organization' });
    const mine = await create(adminA, 'questions', { title: 'Agency A only', spec: SPEC, visualization: 'table', shared_with: 'organization' });
    const seen = async (who: Account) => ids(await api(who).get('/api/questions?range=[0,99]')).filter((id) => [toFinance.id, toMinistry.id, mine.id].includes(id));
    expect(await seen(finance)).toEqual([toFinance.id, toMinistry.id]);
    expect(await seen(otherManager)).toEqual([toMinistry.id]);
    expect(await seen(adminA)).toEqual([mine.id]);
    expect(await seen(adminB)).toEqual([]);
  });

  it('are changed and deleted by their owner only', async () => {
    const question = await create(manager, 'questions', { title: 'Shared', spec: SPEC, visualization: 'table', shared_with: 'organization' });
    const edit = await api(otherManager).put(`/api/questions/${question.id}`, { ...question, title: 'Taken over' });
    expect({ status: edit.status, code: edit.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await api(otherManager).delete(`/api/questions/${question.id}`)).status).toBe(403);
    const own = await api(manager).put(`/api/questions/${question.id}`, { ...question, title: 'Renamed' });
    expect({ status: own.status, title: own.body.title }).toEqual({ status: 200, title: 'Renamed' });
  });

  it('refuses a spec that could not be asked, and roles sharing without roles', async () => {
    const bad = await api(manager).post('/api/questions', { title: 'Bad', spec: { ...SPEC, measure: { fn: 'sum', field: 'source_type' } }, visualization: 'bar' });
    expect({ status: bad.status, fields: Object.keys(bad.body.errors) }).toEqual({ status: 400, fields: ['spec'] });
    const badFilter = await api(manager).post('/api/questions', { title: 'Bad', spec: { ...SPEC, filter: { colour: 'red' } }, visualization: 'bar' });
    expect({ status: badFilter.status, fields: Object.keys(badFilter.body.errors) }).toEqual({ status: 400, fields: ['spec'] });
    const noRoles = await api(manager).post('/api/questions', { title: 'Bad', spec: SPEC, visualization: 'bar', shared_with: 'roles' });
    expect({ status: noRoles.status, errors: noRoles.body.errors }).toEqual({ status: 400, errors: { shared_roles: 'name at least one role' } });
    const visualization = await api(manager).post('/api/questions', { title: 'Bad', spec: SPEC, visualization: 'radar' });
    expect({ status: visualization.status, fields: Object.keys(visualization.body.errors) }).toEqual({ status: 400, fields: ['visualization'] });
  });

  it("run, shared, in the viewer's scope: the ministry counts 2 + 1 referrals, agency B's administrator its own 1", async () => {
    const question = await create(manager, 'questions', { title: 'Referrals for all', spec: SPEC, visualization: 'bar', shared_with: 'roles', shared_roles: ['org_admin'] });
    const asManager = await api(manager).post(`/api/questions/${question.id}/run`, {});
    const asAdminB = await api(adminB).post(`/api/questions/${question.id}/run`, {});
    const rows = (res: { body: { rows: { group: string[]; value: number }[] } }) => res.body.rows.map((r) => [r.group[0], r.value]);
    expect(rows(asManager)).toEqual([['2025-04-01', 2], ['2025-05-01', 1]]);
    expect(rows(asAdminB)).toEqual([['2025-05-01', 1]]);
    expect(asAdminB.body.question_id).toBe(question.id);
  });

  it('run with dashboard filters: the period on its date, the organisation, any filter of its resource; others ignored', async () => {
    const question = await create(manager, 'questions', { title: 'By source', spec: { resource: 'referrals', group_by: [{ field: 'source_type' }], measure: { fn: 'count' } }, visualization: 'pie' });
    const res = await api(manager).post(`/api/questions/${question.id}/run`, { filters: { from: '2025-04-01', to: '2025-04-30', organization_id: orgs.A, program: 'CSP', gender: 'girl' } });
    expect(res.status).toBe(200);
    expect(res.body.filter).toEqual({ referral_date_gte: '2025-04-01', referral_date_lte: '2025-04-30', organization_id: orgs.A, program: 'CSP' });
    expect(res.body.ignored_filters).toEqual(['gender']);
    expect(res.body.rows).toEqual([
      { group: ['other'], label: ['other'], value: 2, filter: { referral_date_gte: '2025-04-01', referral_date_lte: '2025-04-30', organization_id: orgs.A, program: 'CSP', source_type: 'other' } },
    ]);
    const bad = await api(manager).post(`/api/questions/${question.id}/run`, { filters: { from: '2025-04-31', to: '2025-05-01' } });
    expect({ status: bad.status, fields: Object.keys(bad.body.errors) }).toEqual({ status: 400, fields: ['from'] });
  });
});

describe('dashboards and cards', () => {
  it("are placed by the dashboard's owner with questions it can see, and run card by card in the viewer's scope", async () => {
    const dashboard = await create(manager, 'dashboards', { title: 'Referrals', shared_with: 'roles', shared_roles: ['org_admin', 'ministry_manager'], filters: { period: { preset: 'final', fiscal_year: 2025 }, organization: true, fields: ['program'] } });
    const question = await create(manager, 'questions', { title: 'Per month', spec: SPEC, visualization: 'line' });
    const card = await create(manager, 'dashboard_cards', { dashboard_id: dashboard.id, question_id: question.id, x: 0, y: 0, w: 6, h: 4 });
    await create(manager, 'dashboard_cards', { dashboard_id: dashboard.id, report_card: 'kpi.new_referrals', x: 6, y: 0, w: 3, h: 2 });

    const someoneElses = await create(otherManager, 'questions', { title: 'Private', spec: SPEC, visualization: 'line' });
    const hidden = await api(manager).post('/api/dashboard_cards', { dashboard_id: dashboard.id, question_id: someoneElses.id });
    expect({ status: hidden.status, errors: hidden.body.errors }).toEqual({ status: 404, errors: { question_id: 'no such record' } });
    const notMine = await api(otherManager).post('/api/dashboard_cards', { dashboard_id: dashboard.id, report_card: 'kpi.payments' });
    expect(notMine.status).toBe(403);
    const move = await api(otherManager).put(`/api/dashboard_cards/${card.id}`, { ...card, x: 3 });
    expect(move.status).toBe(403);
    const offGrid = await api(manager).put(`/api/dashboard_cards/${card.id}`, { ...card, x: 8, w: 6 });
    expect({ status: offGrid.status, code: offGrid.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    const moved = await api(manager).put(`/api/dashboard_cards/${card.id}`, { ...card, x: 6, y: 2, w: 6, h: 5 });
    expect(moved.body).toMatchObject({ x: 6, y: 2, w: 6, h: 5 });

    // the organisation administrator of B sees the dashboard and its cards, with B's numbers only
    const cards = await api(adminB).get(`/api/dashboard_cards?filter=${encodeURIComponent(JSON.stringify({ dashboard_id: dashboard.id }))}`);
    expect(cards.body.length).toBe(2);
    const run = await api(adminB).get(`/api/dashboards/${dashboard.id}/run`);
    expect(run.status).toBe(200);
    expect(run.body.filters).toMatchObject({ from: '2025-04-01', to: '2026-03-31' });
    const [kpi, perMonth] = run.body.cards;
    expect(kpi).toMatchObject({ report_card: 'kpi.new_referrals', question: null, error: null, answer: { organization_id: orgs.B, totals: { total: 1 } } });
    expect(perMonth).toMatchObject({ report_card: null, question: { id: question.id, title: 'Per month', visualization: 'line' }, filter: { referral_date_gte: '2025-04-01', referral_date_lte: '2026-03-31' } });
    expect(perMonth.answer.rows.map((r: { group: string[]; value: number }) => [r.group[0], r.value])).toEqual([['2025-05-01', 1]]);

    // one card, with the view's filters
    const one = await api(manager).get(`/api/dashboard_cards/${card.id}/run?filters=${encodeURIComponent(JSON.stringify({ from: '2025-04-01', to: '2025-04-30', program: 'CSP' }))}`);
    expect(one.body.answer.rows.map((r: { value: number }) => r.value)).toEqual([2]);
    expect(one.body.filter).toEqual({ referral_date_gte: '2025-04-01', referral_date_lte: '2025-04-30', program: 'CSP' });

    // an organisation filter another organisation's administrator may not ask for leaves its report card empty, with why
    const otherOrg = await api(adminB).get(`/api/dashboards/${dashboard.id}/run?filters=${encodeURIComponent(JSON.stringify({ organization_id: orgs.A }))}`);
    expect(otherOrg.body.cards[0]).toMatchObject({ answer: null, error: { status: 404, code: 'not_found' } });
    expect(otherOrg.body.cards[1].answer.rows).toEqual([]);

    expect((await api(finance).get(`/api/dashboards/${dashboard.id}/run`)).status).toBe(404);
    expect((await api(finance).get(`/api/dashboard_cards/${card.id}/run`)).status).toBe(404);
  });

  it('take their cards with them when deleted, and keep a question that is on a card', async () => {
    const dashboard = await create(manager, 'dashboards', { title: 'Short-lived' });
    const question = await create(manager, 'questions', { title: 'On a card', spec: SPEC, visualization: 'number' });
    await create(manager, 'dashboard_cards', { dashboard_id: dashboard.id, question_id: question.id });
    const refused = await api(manager).delete(`/api/questions/${question.id}`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'still_referenced' });
    expect((await api(manager).delete(`/api/dashboards/${dashboard.id}`)).status).toBe(200);
    expect(await ctx.knex('dashboard_cards').where({ dashboard_id: dashboard.id }).count('* as n').first()).toEqual({ n: 0 });
    expect((await api(manager).delete(`/api/questions/${question.id}`)).status).toBe(200);
  });

  it('have one default, everyone sees it, and only a system administrator sets it', async () => {
    const refused = await api(manager).post('/api/dashboards', { title: 'Mine first', is_default: true });
    expect(refused.status).toBe(403);
    const admin = await ctx.createUser({ role: 'system_admin', organization_id: orgs.M });
    const first = await create(admin, 'dashboards', { title: 'Default one', is_default: true });
    const second = await create(admin, 'dashboards', { title: 'Default two', is_default: true });
    const defaults = await ctx.knex('dashboards').where({ is_default: true }).select('id');
    expect(defaults.map((d) => Number(d.id))).toEqual([second.id]);
    expect((await api(adminA).get(`/api/dashboards/${second.id}`)).status).toBe(200);
    expect((await api(adminA).get(`/api/dashboards/${first.id}`)).status).toBe(404);
  });

  it('refuse filters that are not the dashboard filter shape', async () => {
    const res = await api(manager).post('/api/dashboards', { title: 'Odd', filters: { period: 'always', organization: 'yes', fields: ['a b'] } });
    expect({ status: res.status, fields: Object.keys(res.body.errors) }).toEqual({ status: 400, fields: ['filters'] });
  });
});
