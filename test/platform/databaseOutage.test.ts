import net from 'node:net';
import type { Knex } from 'knex';
import request from 'supertest';
import { createApp } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { openSession } from '../../server/auth/sessions';
import { watchAvailability, type DatabaseAvailability } from '../../server/db/availability';
import { createKnex } from '../../server/db/knex';
import { useTestDatabase } from '../helpers/testDb';
import { runsAlone } from '../helpers/runAlone';

// its figures are times: no other file runs beside it
runsAlone();

/**
 * An external PostgreSQL (DATABASE_URL) that goes away and comes back, played by a TCP proxy
 * in front of the test database: while it is cut, requests answer 503 `database_unavailable`
 * with Retry-After at once (never 500, never a hang) and readiness fails; once it is back, the
 * same app and pool serve again without a restart.
 */
interface Proxy {
  port: number;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  return {
    port,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: async () => {
      await listen(port);
    },
  };
}

const db = useTestDatabase();
let proxy: Proxy;
let knex: Knex;
let availability: DatabaseAvailability;
let app: ReturnType<typeof createApp>;
let token: string;
const log: string[] = [];

beforeAll(async () => {
  proxy = await startProxy(new URL(db.url));
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  knex = createKnex(viaProxy.toString(), { poolMax: 4 });
  availability = watchAvailability(knex, { log: (line) => log.push(line) });
  app = createApp({ knex, availability, dashboardDir: null, log: (line) => log.push(line) });
  const [admin] = await knex('users')
    .insert({ email: 'outage@test.example', full_name: 'Outage test', role: 'system_admin', organization_id: null, password_hash: await hashPassword('Outage-test-2026', 10), active: true })
    .returning('id');
  token = (await openSession(knex, admin.id, 'bearer', 1, new Date())).token;
});
afterAll(async () => {
  availability.stop();
  await knex.destroy();
  await proxy.cut();
});

const listChildren = () => request(app).get('/api/children').set('Authorization', `Bearer ${token}`);
const timed = async (test: request.Test) => {
  const started = Date.now();
  const res = await test;
  return { res, ms: Date.now() - started };
};

it('answers 503 with Retry-After at once while the database is cut off, then serves again once it is back', async () => {
  expect((await listChildren()).status).toBe(200);

  await proxy.cut();
  const first = await timed(listChildren());
  expect(first.res.status).toBe(503);
  expect(first.res.body).toEqual({ code: 'database_unavailable', message: 'The database is not reachable right now; try again in a few seconds', errors: {}, message_code: 'database_unavailable', params: {}, field_codes: {} });
  expect(first.res.headers['retry-after']).toBe('2');
  expect(first.ms).toBeLessThan(1_000);
  expect(availability.isDown()).toBe(true);

  // Known to be down: the next requests are refused without even asking the pool for a connection.
  const attempts: number[] = [];
  const countAttempt = (eventId: number) => attempts.push(eventId);
  knex.client.pool.on('acquireRequest', countAttempt);
  try {
    for (const path of ['/api/children', '/api/auth/me', '/api/meta']) {
      const refused = await timed(request(app).get(path).set('Authorization', `Bearer ${token}`));
      expect([path, refused.res.status, refused.res.body.code, refused.res.headers['retry-after']]).toEqual([path, 503, 'database_unavailable', '2']);
      expect(refused.ms).toBeLessThan(200);
    }
    const write = await request(app).post('/api/children').set('Authorization', `Bearer ${token}`).send({ first_name: 'During', last_name: 'Outage', birth_date: '2015-03-01' });
    expect(write.status).toBe(503);
  } finally {
    knex.client.pool.removeListener('acquireRequest', countAttempt);
  }
  // The probe alone tries (every 250 ms); requests never did.
  expect(attempts.length).toBeLessThanOrEqual(4);
  const notReady = await request(app).get('/api/health/ready');
  expect([notReady.status, notReady.body.code]).toEqual([503, 'database_unavailable']);
  expect((await request(app).get('/api/health/live')).status).toBe(200);

  await proxy.restore();
  const restoredAt = Date.now();
  let back = await listChildren();
  while (back.status !== 200 && Date.now() - restoredAt < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    back = await listChildren();
  }
  expect(back.status).toBe(200);
  expect(Date.now() - restoredAt).toBeLessThan(1_000);
  expect((await request(app).get('/api/health/ready')).status).toBe(200);
  expect(await knex('children').where({ last_name: 'Outage' }).count('* as n')).toEqual([{ n: 0 }]);
  expect(log).toEqual([
    expect.stringMatching(/^PostgreSQL is not reachable \(.+\); answering 503 until it is back$/),
    expect.stringMatching(/^PostgreSQL answers again, after \d+\.\d s$/),
  ]);
});
