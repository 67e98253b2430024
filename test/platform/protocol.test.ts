import request from 'supertest';
import { useTestContext, type TestContext } from '../helpers/context';

/** react-admin's ra-data-simple-rest protocol, spoken exactly, and its bad requests. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let admin: ReturnType<TestContext['api']>;
let orgId: number;
const childIds: number[] = [];

beforeAll(async () => {
  admin = ctx.api((await ctx.createUser({ role: 'system_admin' })).token);
  [{ id: orgId }] = await ctx.knex('organizations').insert({ name: 'Agency', kind: 'coordinating_agency' }).returning('id');
  const names = ['Zoe', 'Adam', 'Mia', 'Liam', 'Emma', 'Noah', 'Ava', 'Omar', 'Isla', 'Ben'];
  for (const [i, first] of names.entries()) {
    const [row] = await ctx.knex('children')
      .insert({ first_name: first, last_name: `Family${String(i).padStart(2, '0')}`, birth_date: `201${i}-0${(i % 9) + 1}-15`, in_school: i % 2 === 0 })
      .returning('id');
    childIds.push(row.id);
  }
});

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

describe('getList', () => {
  it('sorts, pages and counts with Content-Range, exposed through CORS', async () => {
    const res = await admin.get(`/api/children?${q({ sort: ['first_name', 'ASC'], range: [0, 2], filter: {} })}`).set('Origin', 'http://example.org');
    expect(res.status).toBe(200);
    expect(res.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Adam', 'Ava', 'Ben']);
    expect(res.headers['content-range']).toBe('children 0-2/10');
    expect(res.headers['access-control-expose-headers']).toContain('Content-Range');
  });

  it('reads the second page inclusive at both ends', async () => {
    const res = await admin.get(`/api/children?${q({ sort: ['first_name', 'DESC'], range: [3, 5] })}`);
    expect(res.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Mia', 'Liam', 'Isla']);
    expect(res.headers['content-range']).toBe('children 3-5/10');
  });

  it('filters by equality, range suffixes and full-text q, ANDed', async () => {
    const res = await admin.get(`/api/children?${q({ filter: { in_school: true, birth_date_gte: '2012-01-01', birth_date_lt: '2018-01-01' }, sort: ['birth_date', 'ASC'] })}`);
    // in school: i = 0,2,4,6,8 → born 2010, 2012, 2014, 2016, 2018; in [2012, 2018): 2012, 2014, 2016
    expect(res.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Mia', 'Emma', 'Ava']);
    expect(res.headers['content-range']).toBe('children 0-2/3');
    const search = await admin.get(`/api/children?${q({ filter: { q: 'family0' } })}`);
    expect(search.headers['content-range']).toBe('children 0-9/10');
    const one = await admin.get(`/api/children?${q({ filter: { q: 'OMA' } })}`);
    expect(one.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Omar']);
  });

  it('finds a child by first and last name together, each word in any searched field', async () => {
    const res = await admin.get(`/api/children?${q({ filter: { q: 'omar family07' } })}`);
    expect(res.body.map((c: { first_name: string; last_name: string }) => `${c.first_name} ${c.last_name}`)).toEqual(['Omar Family07']);
    const none = await admin.get(`/api/children?${q({ filter: { q: 'omar family01' } })}`);
    expect(none.body).toEqual([]);
  });

  it('treats % and _ in q as plain characters', async () => {
    const res = await admin.get(`/api/children?${q({ filter: { q: '%' } })}`);
    expect(res.headers['content-range']).toBe('children */0');
    expect(res.body).toEqual([]);
  });

  it('answers getMany with an id list', async () => {
    const ids = [childIds[1], childIds[3], childIds[5]];
    const res = await admin.get(`/api/children?${q({ filter: { id: ids } })}`);
    expect(res.body.map((c: { id: number }) => c.id).sort()).toEqual([...ids].sort());
  });

  it('answers getManyReference with the reference inside filter', async () => {
    const [referral] = await ctx.knex('referrals').insert({ organization_id: orgId, program: 'CSP', referral_date: '2025-05-05', source_type: 'school_educator' }).returning('id');
    await ctx.knex('referral_children').insert([
      { referral_id: referral.id, child_id: childIds[0] },
      { referral_id: referral.id, child_id: childIds[1] },
    ]);
    const res = await admin.get(`/api/referral_children?${q({ filter: { referral_id: referral.id }, sort: ['id', 'ASC'], range: [0, 24] })}`);
    expect(res.body.map((r: { child_id: number }) => r.child_id)).toEqual([childIds[0], childIds[1]]);
    expect(res.headers['content-range']).toBe('referral_children 0-1/2');
  });

  it('returns dates as YYYY-MM-DD strings and instants with Z', async () => {
    const res = await admin.get(`/api/children/${childIds[0]}`);
    expect(res.body.birth_date).toBe('2010-01-15');
    expect(res.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('bad list parameters get 400 with a message', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown sort field', { sort: ['password_hash', 'ASC'] }, /Cannot sort children by "password_hash"/],
    ['bad sort order', { sort: ['first_name', 'UP'] }, /ASC or DESC/],
    ['malformed sort JSON', { sort: '["first_name",' }, /"sort" is not valid JSON/],
    ['malformed filter JSON', { filter: '{bad' }, /"filter" is not valid JSON/],
    ['filter not an object', { filter: [1, 2] }, /must be a JSON object/],
    ['unknown filter field', { filter: { secret: 1 } }, /Unknown filter "secret"/],
    ['SQL in a filter key', { filter: { 'first_name; drop table children': 'x' } }, /Unknown filter/],
    ['bad filter value type', { filter: { in_school: 'maybe' } }, /must be true or false/],
    ['bad date in a range filter', { filter: { birth_date_gte: '2020-13-45' } }, /must be a date/],
    ['range suffix on text', { filter: { gender_gte: 'A' } }, /not a date or a number/],
    ['negative range', { range: [-1, 5] }, /cannot be negative/],
    ['reversed range', { range: [10, 5] }, /end comes before its start/],
    ['range over 1000 rows', { range: [0, 1000] }, /more than 1000 rows/],
    ['range not numbers', { range: ['a', 'b'] }, /whole numbers/],
  ];
  it.each(cases)('%s', async (_name, params, message) => {
    const res = await admin.get(`/api/children?${q(params)}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(res.body.code).toBe('validation_failed');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 404 for an unknown resource and a non-numeric id with 400', async () => {
    expect((await admin.get('/api/sessions')).status).toBe(404);
    expect((await admin.get('/api/login_attempts')).status).toBe(404);
    const bad = await admin.get('/api/children/abc');
    expect(bad.status).toBe(400);
  });
});

describe('create, update, delete', () => {
  it('creates and answers the record with its id (201)', async () => {
    const res = await admin.post('/api/organizations', { name: 'New Place Society', kind: 'partner_agency', service_delivery_area: 'North' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), name: 'New Place Society', kind: 'partner_agency', active: true });
  });

  it('updates with the whole form record, ignoring id and timestamps', async () => {
    const created = (await admin.post('/api/organizations', { name: 'Renamed Soon', kind: 'partner_agency' })).body;
    const res = await admin.put(`/api/organizations/${created.id}`, { ...created, name: 'Renamed Now' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Renamed Now');
    expect(new Date(res.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(created.updated_at).getTime());
  });

  it('deletes and answers the deleted record as JSON', async () => {
    const created = (await admin.post('/api/organizations', { name: 'Short Lived', kind: 'partner_agency' })).body;
    const res = await admin.delete(`/api/organizations/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, name: 'Short Lived' });
    expect((await admin.get(`/api/organizations/${created.id}`)).status).toBe(404);
  });

  it('refuses to delete a record that others reference, saying what references it (409)', async () => {
    const res = await admin.delete(`/api/organizations/${orgId}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/still referenced by referrals/);
    expect(await ctx.knex('organizations').where({ id: orgId }).first('id', 'name')).toEqual({ id: orgId, name: 'Agency' });
  });

  it('answers a duplicate unique key with 409 naming the field', async () => {
    await admin.post('/api/organizations', { name: 'Only One', kind: 'partner_agency' });
    const res = await admin.post('/api/organizations', { name: 'Only One', kind: 'ministry' });
    expect(res.status).toBe(409);
    expect(res.body.errors).toHaveProperty('name');
  });

  it('refuses unknown fields and malformed JSON bodies with 400', async () => {
    const unknown = await admin.post('/api/organizations', { name: 'X', kind: 'ministry', favourite_colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual({ favourite_colour: 'unknown field' });
    const malformed = await request(ctx.app).post('/api/organizations').set('Authorization', (admin.get('/').get('Authorization') as unknown as string) ?? '').set('Content-Type', 'application/json').send('{"name":');
    expect([400, 401]).toContain(malformed.status);
  });
});
