import { TOTAL_CAP } from '../../server/resources/listTotal';
import { useTestContext } from '../helpers/context';

/**
 * A list's total is exact up to TOTAL_CAP (10,000) matching rows; past it the answer is
 * TOTAL_CAP with `X-Total-Capped: true`, unless `exact_total=1` asks for the count. Scope and
 * filters narrow what is counted. Lists narrowed to an id list count exactly (their page reads
 * every row in scope anyway).
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
const tokens: Record<string, string> = {};
let orgA: number;
let orgB: number;

const CHILDREN_A = TOTAL_CAP; // in school, registered by A
const CHILDREN_B = 50; // not in school, registered by B

beforeAll(async () => {
  [{ id: orgA }, { id: orgB }] = await ctx.knex('organizations').insert([{ name: 'Agency A', kind: 'coordinating_agency' }, { name: 'Agency B', kind: 'coordinating_agency' }]).returning('id');
  await ctx.knex.raw(
    `insert into children (first_name, last_name, birth_date, in_school, registered_by_organization_id)
     select 'Child', 'Surname ' || lpad((g % 500)::text, 3, '0'), date '2015-01-01' + g % 2000, g <= ?::int, case when g <= ? then ?::bigint else ?::bigint end
       from generate_series(1, ?::int) g`,
    [CHILDREN_A, CHILDREN_A, orgA, orgB, CHILDREN_A + CHILDREN_B],
  );
  await ctx.knex.raw(
    `insert into expenditures (organization_id, program, spent_on, amount)
     select case when g <= ? then ?::bigint else ?::bigint end, 'CSP', date '2025-04-01' + g % 300, 100 + g % 7 from generate_series(1, ?::int) g`,
    [TOTAL_CAP + 1, orgA, orgB, TOTAL_CAP + 1 + 12],
  );
  tokens.ministry = (await ctx.createUser({ role: 'ministry_manager' })).token;
  tokens.adminA = (await ctx.createUser({ role: 'org_admin', organization_id: orgA })).token;
  tokens.adminB = (await ctx.createUser({ role: 'org_admin', organization_id: orgB })).token;
});

async function list(token: string, resource: string, query: Record<string, unknown>) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const res = await ctx.api(tokens[token]).get(`/api/${resource}?${search}`).expect(200);
  return { range: res.headers['content-range'], capped: res.headers['x-total-capped'] ?? null, rows: res.body as Record<string, any>[] };
}

describe('list totals', () => {
  it('caps the total of a list with more than 10,000 rows and says so', async () => {
    const { range, capped, rows } = await list('ministry', 'children', { sort: ['last_name', 'ASC'], range: [0, 24] });
    expect({ range, capped }).toEqual({ range: 'children 0-24/10000', capped: 'true' });
    expect(rows).toHaveLength(25);
    expect(rows[0]).not.toHaveProperty('__list_total');
    expect(rows.map((r) => r.last_name)).toEqual(Array(20).fill('Surname 000').concat(Array(5).fill('Surname 001')));
  });

  it('counts every row with exact_total=1', async () => {
    const { range, capped, rows } = await list('ministry', 'children', { sort: ['last_name', 'ASC'], range: [0, 24], exact_total: '1' });
    expect({ range, capped }).toEqual({ range: `children 0-24/${CHILDREN_A + CHILDREN_B}`, capped: null });
    expect(rows).toHaveLength(25);
  });

  it('answers an exact total up to and including 10,000 rows', async () => {
    expect(await list('ministry', 'children', { filter: { in_school: true }, range: [0, 24] })).toMatchObject({ range: 'children 0-24/10000', capped: null });
    expect(await list('ministry', 'children', { filter: { in_school: false }, range: [0, 24] })).toMatchObject({ range: 'children 0-24/50', capped: null });
  });

  it('pages past the cap: a full page keeps the total capped, a short one ends it exactly, none is counted apart', async () => {
    expect(await list('ministry', 'children', { range: [10_000, 10_024] })).toMatchObject({ range: 'children 10000-10024/10025', capped: 'true' });
    const last = await list('ministry', 'children', { range: [10_040, 10_064] });
    expect(last).toMatchObject({ range: 'children 10040-10049/10050', capped: null });
    expect(last.rows).toHaveLength(10);
    expect(await list('ministry', 'children', { range: [20_000, 20_024] })).toMatchObject({ range: 'children */10000', capped: 'true' });
    expect(await list('ministry', 'children', { range: [20_000, 20_024], exact_total: 'true' })).toMatchObject({ range: 'children */10050', capped: null });
  });

  it("counts within the user's scope and filter", async () => {
    // Expenditures are narrowed to the organisation's by a where clause: A's admin sees 10,001.
    expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/10000', capped: 'true' });
    expect(await list('adminB', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/12', capped: null });
    expect(await list('adminA', 'expenditures', { range: [0, 9], exact_total: '1' })).toMatchObject({ range: 'expenditures 0-9/10001', capped: null });
    expect(await list('ministry', 'expenditures', { filter: { organization_id: orgB }, range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/12', capped: null });
    expect(await list('ministry', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/10000', capped: 'true' });
  });

  it('counts a list narrowed to an id list exactly, in its page', async () => {
    // An organisation administrator sees the children its organisation registered.
    expect(await list('adminA', 'children', { range: [0, 24] })).toMatchObject({ range: `children 0-24/${CHILDREN_A}`, capped: null });
    expect(await list('adminB', 'children', { range: [0, 24] })).toMatchObject({ range: `children 0-24/${CHILDREN_B}`, capped: null });
  });

  it('trusts "more than 10,000" for five seconds, but a short page always ends the list exactly', async () => {
    expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/10000', capped: 'true' });
    await ctx.knex('expenditures').where('organization_id', orgA).whereIn('id', ctx.knex('expenditures').where('organization_id', orgA).orderBy('id').limit(2).select('id')).del();
    // 9,999 rows now; counted a moment ago as more than 10,000.
    expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/10000', capped: 'true' });
    expect(await list('adminA', 'expenditures', { range: [9990, 9999] })).toMatchObject({ range: 'expenditures 9990-9998/9999', capped: null });
    expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/9999', capped: null });
    // Counted again once the five seconds are over.
    await ctx.knex('expenditures').insert({ organization_id: orgA, program: 'CSP', spent_on: '2025-05-01', amount: 5 });
    await ctx.knex('expenditures').insert({ organization_id: orgA, program: 'CSP', spent_on: '2025-05-02', amount: 5 });
    expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/10000', capped: 'true' });
    await ctx.knex('expenditures').where({ organization_id: orgA, amount: 5 }).del();
    const now = performance.now();
    const clock = jest.spyOn(performance, 'now').mockReturnValue(now + 5_001);
    try {
      expect(await list('adminA', 'expenditures', { range: [0, 9] })).toMatchObject({ range: 'expenditures 0-9/9999', capped: null });
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses an exact_total that is neither 1 nor 0', async () => {
    const res = await ctx.api(tokens.ministry).get('/api/children?exact_total=yes').expect(400);
    expect(res.body).toMatchObject({ message: '"exact_total" must be 1 or 0', errors: { exact_total: 'must be 1 or 0' } });
  });

  it('exposes the flag to a browser on another origin', async () => {
    const res = await ctx.api(tokens.ministry).get('/api/children').set('Origin', 'http://elsewhere.example').expect(200);
    expect(res.headers['access-control-expose-headers']).toContain('X-Total-Capped');
  });
});
