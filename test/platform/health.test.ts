import request from 'supertest';
import { useTestContext } from '../helpers/context';

/**
 * GET /api/health/live and /api/health/ready answer without sign-in and say nothing beyond
 * the answer: no version, no host name, no counts.
 */
const ctx = useTestContext();

describe('the health endpoints', () => {
  it('answers live and ready without sign-in, with nothing but the status', async () => {
    const live = await request(ctx.app).get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'live' });
    const ready = await request(ctx.app).get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
    for (const res of [live, ready]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers).not.toHaveProperty('server');
      expect(res.headers).not.toHaveProperty('x-powered-by');
    }
  });

  it('is not ready, with 503, while a migration of this code is not applied', async () => {
    const [last] = await ctx.knex('knex_migrations').orderBy('id', 'desc').limit(1);
    await ctx.knex('knex_migrations').where({ id: last.id }).delete();
    try {
      const ready = await request(ctx.app).get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ code: 'migrations_pending', message: 'The database schema is older than this server: migrations are pending', errors: {}, message_code: 'migrations_pending_detail', params: {}, field_codes: {} });
      expect((await request(ctx.app).get('/api/health/live')).status).toBe(200);
    } finally {
      await ctx.knex('knex_migrations').insert(last);
    }
    expect((await request(ctx.app).get('/api/health/ready')).status).toBe(200);
  });

  it('keeps every other endpoint behind sign-in', async () => {
    expect((await request(ctx.app).get('/api/health')).status).toBe(401);
    expect((await request(ctx.app).get('/api/children')).status).toBe(401);
  });
});
