import request from 'supertest';
import { TEST_PASSWORD, useTestContext } from '../helpers/context';

const ctx = useTestContext();
let orgId: number;

beforeAll(async () => {
  [{ id: orgId }] = await ctx.knex('organizations').insert({ name: 'Harbour Homes', kind: 'service_provider', active: true }).returning('id');
});

async function login(email: string, password: string) {
  return request(ctx.app).post('/api/auth/login').send({ email, password });
}

describe('sign-in', () => {
  it('opens a session with a bearer token and httpOnly cookie, and never returns the password hash', async () => {
    const { user } = await ctx.createUser({ role: 'program_manager', organization_id: orgId, email: 'Pat.PM@Test.example' });
    const res = await login('pat.pm@test.example', TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'program_manager', organization_id: orgId, organization_name: 'Harbour Homes' });
    expect(JSON.stringify(res.body)).not.toContain('password');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('sid='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('sid='))).toMatch(/SameSite=Lax/);

    const me = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'Pat.PM@Test.example', role: 'program_manager', places: [] });
  });

  it('stores the password as a salted scrypt hash', async () => {
    const { user } = await ctx.createUser({ role: 'coordinator', organization_id: orgId });
    const row = await ctx.knex('users').where({ id: user.id }).first();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('answers 401 with a clear message for a wrong password and audits the failure', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const res = await login(user.email, 'not-the-password-1');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Wrong email or password', code: 'unauthenticated', errors: {}, message_code: 'wrong_credentials', params: {}, field_codes: {} });
    const audit = await ctx.knex('audit_events').where({ action: 'login_failed', user_id: user.id });
    expect(audit).toHaveLength(1);
  });

  it('asks for both fields with field errors', async () => {
    const res = await request(ctx.app).post('/api/auth/login').send({ email: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ email: 'Enter your email', password: 'Enter your password' });
  });

  it('slows sign-in after failures instead of locking: the right password signs in after five wrong ones once the wait is over', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    for (let i = 0; i < 4; i += 1) expect((await login(user.email, 'wrong-password-9')).status).toBe(401);
    const fifth = await login(user.email, 'wrong-password-9');
    expect(fifth.status).toBe(429);
    expect(fifth.headers['retry-after']).toBe('1');
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 1000);
    expect((await login(user.email, 'wrong-password-9')).status).toBe(401);

    const early = await login(user.email, TEST_PASSWORD);
    expect(early.status).toBe(429);
    expect(early.headers['retry-after']).toBe('2');
    expect(early.body).toEqual({ message: 'Too many failed sign-ins for this email; try again in 2 seconds', code: 'too_many_requests', errors: {}, message_code: 'sign_in_throttled_email', params: { wait: '2 seconds' }, field_codes: {} });
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 2000);
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('records a successful sign-in in the audit log', async () => {
    const { user } = await ctx.createUser({ role: 'org_admin', organization_id: orgId });
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
    expect(await ctx.knex('audit_events').where({ action: 'login', user_id: user.id })).toHaveLength(1);
  });

  it('ends the session on logout', async () => {
    const { user } = await ctx.createUser({ role: 'org_admin', organization_id: orgId });
    const { body } = await login(user.email, TEST_PASSWORD);
    const auth = { Authorization: `Bearer ${body.token}` };
    expect((await request(ctx.app).post('/api/auth/logout').set(auth)).status).toBe(200);
    const after = await request(ctx.app).get('/api/auth/me').set(auth);
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/session has ended/);
  });

  it('answers 401 without any session', async () => {
    const res = await request(ctx.app).get('/api/children');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('requires the CSRF token for writes made with the session cookie', async () => {
    const { user } = await ctx.createUser({ role: 'system_admin' });
    const res = await login(user.email, TEST_PASSWORD);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = cookies.find((c) => c.startsWith('csrf_token='))!.split(';')[0].split('=')[1];

    const read = await request(ctx.app).get('/api/organizations').set('Cookie', cookieHeader);
    expect(read.status).toBe(200);
    const body = { name: 'Cross-site Org', kind: 'partner_agency', active: true };
    const forged = await request(ctx.app).post('/api/organizations').set('Cookie', cookieHeader).send(body);
    expect(forged.status).toBe(403);
    expect(forged.body.message).toMatch(/CSRF/);
    expect(await ctx.knex('organizations').where({ name: 'Cross-site Org' })).toHaveLength(0);

    const genuine = await request(ctx.app).post('/api/organizations').set('Cookie', cookieHeader).set('X-CSRF-Token', csrf).send(body);
    expect(genuine.status).toBe(201);
  });

  it('ends the sessions of a user deactivated through the API at once, and reads a changed role afresh', async () => {
    const { token: adminToken } = await ctx.createUser({ role: 'system_admin' });
    const { user, token } = await ctx.createUser({ role: 'program_manager', organization_id: orgId });
    expect((await ctx.api(token).get('/api/auth/me')).body.role).toBe('program_manager');
    const row = (await ctx.api(adminToken).get(`/api/users/${user.id}`)).body;
    expect((await ctx.api(adminToken).put(`/api/users/${user.id}`, { ...row, role: 'portal_worker' })).status).toBe(200);
    expect((await ctx.api(token).post('/api/daily_logs', {})).status).toBe(400);
    expect((await ctx.api(token).post('/api/service_plans', {})).status).toBe(403);
    expect((await ctx.api(adminToken).put(`/api/users/${user.id}`, { ...row, role: 'portal_worker', active: false })).status).toBe(200);
    expect((await ctx.api(token).get('/api/auth/me')).status).toBe(401);
  });

  it('refuses an inactive user', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    await ctx.knex('users').where({ id: user.id }).update({ active: false });
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(401);
  });
});
