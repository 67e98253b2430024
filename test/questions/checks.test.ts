import { runReadOnly } from '../../server/questions/readOnly';
import { createApp } from '../../server/app';
import request from 'supertest';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * Every part of a spec is checked against the declarations before any SQL exists: unknown
 * names, functions that do not suit a field, and text made to break out of SQL in each part
 * are 400s with the list's error shape; a runaway question is a 422 that frees its connection.
 */
const ctx = useTestContext({ now: '2026-06-15T12:00:00Z' });
let token: string;

beforeAll(async () => {
  const f = factories(ctx.knex);
  const agency = await f.organization();
  const { planId } = await f.cspCase({ organization_id: agency, referral_date: '2025-01-10', initiated_on: '2025-02-01' });
  await f.activity({ service_plan_id: planId, activity_date: '2025-04-01' });
  token = (await ctx.createUser({ role: 'ministry_manager' })).token;
});

const ask = (spec: unknown) => ctx.api(token).post('/api/questions/run', spec as object);
const base = { resource: 'service_activities', measure: { fn: 'count' } };

async function refused(spec: unknown, part: string, message: RegExp) {
  const res = await ask(spec);
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  expect(Object.keys(res.body.errors)).toContain(part);
  expect(res.body.errors[part]).toMatch(message);
  expect(res.body.message).toEqual(expect.any(String));
}

describe('unknown names and unsuited functions', () => {
  it.each([
    ['an unknown resource', { ...base, resource: 'no_such_table' }, 'resource', /not a resource/],
    ['an unknown group field', { ...base, group_by: [{ field: 'colour' }] }, 'group_by.0', /not a field/],
    ['a field that does not group (hours)', { ...base, group_by: [{ field: 'hours' }] }, 'group_by.0', /cannot group/],
    ['a long text (note)', { ...base, group_by: [{ field: 'note' }] }, 'group_by.0', /cannot group/],
    ['a date without a bucket', { ...base, group_by: [{ field: 'activity_date' }] }, 'group_by.0', /give a bucket/],
    ['a bucket on a category', { ...base, group_by: [{ field: 'kind', bucket: 'month' }] }, 'group_by.0', /only dates take a bucket/],
    ['three groups', { ...base, group_by: [{ field: 'kind' }, { field: 'mode' }, { field: 'service_plan_id' }] }, 'group_by', /at most 2/],
    ['a sum of a category', { ...base, measure: { fn: 'sum', field: 'kind' } }, 'measure', /takes a number/],
    ['an average of a date', { ...base, measure: { fn: 'avg', field: 'activity_date' } }, 'measure', /takes a number/],
    ['a sum of a reference', { ...base, measure: { fn: 'sum', field: 'service_plan_id' } }, 'measure', /takes a number/],
    ['a max of a category', { ...base, measure: { fn: 'max', field: 'mode' } }, 'measure', /takes a number, an amount or a date/],
    ['a count_distinct of a number', { ...base, measure: { fn: 'count_distinct', field: 'hours' } }, 'measure', /field that can group/],
    ['a sum without a field', { ...base, measure: { fn: 'sum' } }, 'measure', /needs a field/],
    ['a count with a field', { ...base, measure: { fn: 'count', field: 'hours' } }, 'measure', /takes no field/],
    ['an unknown measure field', { ...base, measure: { fn: 'sum', field: 'minutes' } }, 'measure.field', /not a field/],
    ['an unknown filter', { ...base, filter: { colour: 'red' } }, 'colour', /unknown filter/],
    ['a bad filter value', { ...base, filter: { activity_date_gte: '2025-02-30' } }, 'activity_date_gte', /date/],
    ['a sort by something not grouped', { ...base, group_by: [{ field: 'kind' }], sort: ['mode', 'ASC'] }, 'sort', /group_by field/],
    ['a limit above 1000', { ...base, limit: 1001 }, 'limit', /1 to 1000/],
    ['an unknown part', { ...base, having: 'count > 1' }, 'having', /unknown field/],
  ])('refuses %s', async (_name, spec, part, message) => refused(spec, part, message));

  it('refuses a resource the role may not read with 403', async () => {
    const worker = await ctx.createUser({ role: 'portal_worker', organization_id: await factories(ctx.knex).organization() });
    const res = await ctx.api(worker.token).post('/api/questions/run', { resource: 'audit_events', measure: { fn: 'count' } });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe('text made to break out of SQL', () => {
  const attack = `kind" from service_activities; drop table children; --`;
  it.each([
    ['resource', { ...base, resource: `service_activities; drop table children` }, 'resource'],
    ['a group field', { ...base, group_by: [{ field: attack }] }, 'group_by.0'],
    ['a path', { ...base, group_by: [{ field: `service_plan_id.organization_id) or (1=1` }] }, 'group_by.0'],
    ['a bucket', { ...base, group_by: [{ field: 'activity_date', bucket: `month'); drop table children; --` }] }, 'group_by'],
    ['the function', { ...base, measure: { fn: 'sum(hours)); drop table children; --' } }, 'measure'],
    ['a measure field', { ...base, measure: { fn: 'sum', field: 'hours) from children; --' } }, 'measure.field'],
    ['the sort field', { ...base, group_by: [{ field: 'kind' }], sort: ['1; drop table children', 'ASC'] }, 'sort'],
    ['the sort order', { ...base, group_by: [{ field: 'kind' }], sort: ['kind', 'ASC; drop table children'] }, 'sort'],
    ['a filter key', { ...base, filter: { 'kind = kind or 1=1 --': 'direct' } }, 'kind = kind or 1=1 --'],
    ['a filter key through a reference', { ...base, filter: { 'service_plan_id.id) or (1=1': 1 } }, 'service_plan_id.id) or (1=1'],
    ['an enumeration value', { ...base, filter: { kind: `direct' or '1'='1` } }, 'kind'],
    ['a date value', { ...base, filter: { activity_date_gte: `2025-01-01' or '1'='1` } }, 'activity_date_gte'],
    ['a limit', { ...base, limit: '10; drop table children' }, 'limit'],
  ])('in %s is a 400', async (_name, spec, part) => {
    const res = await ask(spec);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(Object.keys(res.body.errors)).toContain(part);
  });

  it('in a free-text value is only a value: nothing matches it', async () => {
    const res = await ask({ resource: 'children', filter: { gender: `x' or '1'='1` }, measure: { fn: 'count' } });
    expect(res.status).toBe(200);
    expect(res.body.rows[0].value).toBe(0);
    expect(Number((await ctx.knex('children').count('* as n').first())!.n)).toBe(1);
  });
});

describe('limits', () => {
  it('refuses more than 1000 groups without a limit, and answers the first ones with one', async () => {
    const f = factories(ctx.knex);
    const agency = await f.organization();
    const { planId } = await f.cspCase({ organization_id: agency, referral_date: '2020-01-01', initiated_on: '2020-01-02' });
    await ctx.knex.raw(
      `insert into service_activities (service_plan_id, activity_date, kind, mode, hours)
       select ?, date '2020-01-02' + n, 'direct', 'phone', 1 from generate_series(0, 1000) n`,
      [planId],
    );
    const spec = { resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'day' }], measure: { fn: 'count' } };
    const refusedRes = await ask(spec);
    expect({ status: refusedRes.status, errors: refusedRes.body.errors }).toEqual({ status: 400, errors: { group_by: 'more than 1000 groups' } });
    expect(refusedRes.body.message).toMatch(/1002 groups/);
    const limited = await ask({ ...spec, limit: 3 });
    expect(limited.status).toBe(200);
    expect({ rows: limited.body.rows.map((r: { group: string[] }) => r.group[0]), total: limited.body.total_groups }).toEqual({
      rows: ['2020-01-02', '2020-01-03', '2020-01-04'],
      total: 1002,
    });
  });

  it('answers a question that runs past its time limit with 422 question_timeout and frees the connection', async () => {
    const f = factories(ctx.knex);
    const agency = await f.organization();
    const { planId } = await f.cspCase({ organization_id: agency, referral_date: '2019-01-01', initiated_on: '2019-01-02' });
    // enough rows that grouping them takes well over a millisecond (the plan's activity trigger is skipped for speed)
    await ctx.knex.transaction(async (trx) => {
      await trx.raw(`set local session_replication_role = replica`);
      await trx.raw(
        `insert into service_activities (service_plan_id, activity_date, kind, mode, hours)
         select ?, date '2019-01-02' + (n % 300), 'direct', 'phone', 1 from generate_series(1, 100000) n`,
        [planId],
      );
    });
    // the triggers skipped also keep the report rollups: bring them back in line with the rows
    await ctx.knex.raw('select rollup_rebuild()');
    const impatient = createApp({ knex: ctx.knex, clock: () => ctx.clock.now, dashboardDir: null, log: () => undefined, config: { questionTimeoutMs: 1 } });
    const spec = { resource: 'service_activities', group_by: [{ field: 'activity_date', bucket: 'day' }, { field: 'kind' }], measure: { fn: 'median', field: 'hours' }, limit: 5 };
    for (let i = 0; i < 8; i += 1) {
      const res = await request(impatient).post('/api/questions/run').set('Authorization', `Bearer ${token}`).send(spec);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'question_timeout' });
      expect(res.body.message).toMatch(/took too long/);
    }
    // the pool (5 connections) served eight cancelled questions and has every connection back
    const pool = ctx.knex.client.pool;
    expect(pool.numUsed()).toBe(0);
    const patient = await ask(spec);
    expect({ status: patient.status, rows: patient.body.rows.length }).toEqual({ status: 200, rows: 5 });
    const timeout = await ctx.knex.raw('show statement_timeout');
    expect(timeout.rows[0].statement_timeout).toBe('0');
  });

  it('reads in a read-only transaction, where a write is refused', async () => {
    const readOnly = await runReadOnly(ctx.knex, 1_000, async (trx) => (await trx.raw('show transaction_read_only')).rows[0].transaction_read_only);
    expect(readOnly).toBe('on');
    await expect(runReadOnly(ctx.knex, 1_000, (trx) => trx('organizations').insert({ name: 'Written by a question', kind: 'partner_agency' }))).rejects.toThrow(/read-only transaction/);
    expect(await ctx.knex('organizations').where({ name: 'Written by a question' }).first()).toBeUndefined();
  });
});
