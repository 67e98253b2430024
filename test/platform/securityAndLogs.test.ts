import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Router } from 'express';
import request from 'supertest';
import { createLogger } from '../../server/logger';
import { TEST_PASSWORD, useTestContext } from '../helpers/context';
import { createProvider, insertRow } from '../helpers/factories';

/**
 * helmet's headers with a Content-Security-Policy the dashboard satisfies, HSTS only in
 * production, and one structured log line per request that never carries a name, a password,
 * a token, a search or a log entry's text.
 */
const CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

describe('security headers', () => {
  const dashboardDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
  fs.writeFileSync(path.join(dashboardDir, 'index.html'), '<!doctype html><title>Portal</title>');
  const ctx = useTestContext({ app: { dashboardDir } });
  const production = useTestContext({ app: { config: { production: true } } });
  afterAll(() => fs.rmSync(dashboardDir, { recursive: true, force: true }));

  it('sends the policy and helmet headers on the dashboard and the API, without HSTS in development', async () => {
    for (const url of ['/', '/children/1', '/api/auth/me']) {
      const res = await request(ctx.app).get(url);
      expect({ url, csp: res.headers['content-security-policy'] }).toEqual({ url, csp: CSP });
      expect(res.headers).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('adds HSTS and upgrade-insecure-requests in production', async () => {
    const res = await request(production.app).get('/api/auth/me');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toBe(`${CSP};upgrade-insecure-requests`);
  });
});

describe('CORS on /api', () => {
  const allowed = 'https://portal.example';
  const open = useTestContext();
  const listed = useTestContext({ app: { config: { corsOrigins: [allowed] } } });

  it('with CORS_ORIGINS, answers only a listed origin, with credentials, and lets it read the list headers', async () => {
    const res = await request(listed.app).get('/api/auth/me').set('Origin', allowed);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': allowed,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'Content-Range,X-Total-Capped,Content-Disposition',
      vary: 'Origin',
    });
    const foreign = await request(listed.app).get('/api/auth/me').set('Origin', 'https://elsewhere.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(listed.app)
      .options('/api/children')
      .set('Origin', allowed)
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
  });

  it('without CORS_ORIGINS, reflects any origin but never allows credentials', async () => {
    const res = await request(open.app).get('/api/auth/me').set('Origin', 'https://elsewhere.example');
    expect(res.headers['access-control-allow-origin']).toBe('https://elsewhere.example');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('request logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const SECRET = { first_name: 'Marguerite', last_name: 'Quillfeather', entry: 'Bedtime story about the lighthouse keeper' };
  const failing = Router();
  const ctx = useTestContext({
    now: '2026-01-15T12:00:00Z',
    app: { logger: createLogger('info', stream), routers: [{ path: '/failing', router: failing }] },
  });
  // A database error the error middleware does not know: a 500. Its SQL names no value.
  failing.get('/', async (req) => {
    await ctx.knex.raw('select 1 / 0 where ?::text is not null', [String(req.query.name)]);
  });

  // An answer already under way when it fails (a streamed import: server/http/imports.ts) keeps its 200.
  failing.get('/streamed', (_req, res) => {
    res.status(200).write('{"progress":1}\n');
    res.err = new Error('broke mid-stream');
    res.end();
  });

  it('logs an answer that failed after it began as an error, with its status', async () => {
    const { token } = await ctx.createUser({ role: 'system_admin' });
    const streamed = await ctx.api(token).get('/api/failing/streamed');
    expect(streamed.status).toBe(200);
    const entry = lines.map((line) => JSON.parse(line)).find((e) => e.req?.id === streamed.headers['x-request-id']);
    expect(entry).toMatchObject({ level: 50, msg: 'request errored', status: 200, err: { message: 'broke mid-stream' } });
  });

  it('logs method, route, status, duration, user and request id; the 500 quotes the id; no secret appears', async () => {
    const { user } = await ctx.createUser({ role: 'system_admin', email: 'logs.admin@test.example' });
    const login = await request(ctx.app).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const api = ctx.api(token);

    const child = await api.post('/api/children', { first_name: SECRET.first_name, last_name: SECRET.last_name, birth_date: '2016-02-03' });
    expect(child.status).toBe(201);
    const search = await api.get(`/api/children?filter=${encodeURIComponent(JSON.stringify({ q: SECRET.last_name }))}`);
    expect(search.body).toHaveLength(1);
    const provider = await createProvider(ctx);
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: provider.placementId, log_date: '2026-01-14', shift: 'day' });
    expect((await api.post('/api/daily_log_entries', { daily_log_id: log.id, body: SECRET.entry })).status).toBe(201);
    const failed = await api.get(`/api/failing?name=${SECRET.first_name}`);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'Something went wrong on our side; quote the error id if you report it', code: 'internal', errors: {}, error_id: failed.headers['x-request-id'], message_code: 'internal', params: {}, field_codes: {} });

    const entries = lines.map((line) => JSON.parse(line));
    const byId = (id: string) => entries.find((e) => e.req?.id === id);
    expect(byId(child.headers['x-request-id'])).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'POST', path: '/api/children' },
      route: '/api/:resource',
      status: 201,
      user_id: user.id,
      duration_ms: expect.any(Number),
    });
    expect(byId(login.headers['x-request-id'])).toMatchObject({ route: '/api/auth/login', status: 200, user_id: null });
    const failure = byId(failed.body.error_id);
    expect(failure).toMatchObject({ level: 50, route: '/api/failing', status: 500, user_id: user.id, err: { message: expect.stringContaining('division by zero') } });
    expect(failure.err.stack).toContain('division by zero');

    const text = lines.join('\n');
    const secrets = [TEST_PASSWORD, token, ...cookies.map((c) => c.split(';')[0].split('=')[1]), SECRET.first_name, SECRET.last_name, SECRET.entry, 'lighthouse'];
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
