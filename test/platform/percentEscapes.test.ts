import request from 'supertest';
import { useTestContext } from '../helpers/context';

/** A malformed `%` escape is the client's mistake: never a 500. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let token: string;

beforeAll(async () => {
  ({ token } = await ctx.createUser({ role: 'system_admin' }));
});

it('treats a session cookie with a malformed escape as no session: 401', async () => {
  const res = await request(ctx.app).get('/api/auth/me').set('Cookie', 'sid=%E0%A4%A');
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'unauthenticated' });
});

it('ignores a malformed escape in another cookie', async () => {
  const res = await request(ctx.app).get('/api/meta').set('Authorization', `Bearer ${token}`).set('Cookie', 'theme=%zz; other=1');
  expect(res.status).toBe(200);
});

it('answers a record id with a malformed escape with 400', async () => {
  const res = await request(ctx.app).get('/api/children/%E0%A4%A').set('Authorization', `Bearer ${token}`);
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'malformed_url' });
});
