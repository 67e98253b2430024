import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { DEMO_PASSWORD } from '../../server/bootstrap';
import { closeHttpServer } from '../../server/gracefulStop';
import { startPortal } from '../e2e/support/server';
import { runsAlone } from '../helpers/runAlone';

// its figures are times: no other file runs beside it
runsAlone();

/**
 * SIGTERM stops accepting connections but lets the requests in flight finish (at most 10 s),
 * then stops the jobs and PostgreSQL: here against the real server process.
 */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('lets a request in flight at SIGTERM finish, refuses new connections meanwhile, and exits 0', async () => {
  const portal = await startPortal();
  try {
    const port = Number(new URL(portal.baseUrl).port);
    const body = JSON.stringify({ email: 'admin@demo.example', password: DEMO_PASSWORD });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight all along.
      req.write(body.slice(0, 20));
      void delay(300).then(() => {
        process.kill(portal.pid, 'SIGTERM');
        return (async () => {
          for (const deadline = Date.now() + 5_000; !(await refusesConnections(port)); ) {
            if (Date.now() > deadline) throw new Error('the server still accepts connections 5 s after SIGTERM');
            await delay(50);
          }
          await delay(1_000);
          req.end(body.slice(20));
        })().catch(reject);
      });
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ token: expect.any(String) });
  } finally {
    await portal.stop();
  }
}, 150_000);

describe('closing the HTTP server', () => {
  async function serverWith(handler: http.RequestListener) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it('closes idle keep-alive connections at once', async () => {
    const { server, port } = await serverWith((_req, res) => res.end('ok'));
    const agent = new http.Agent({ keepAlive: true });
    const first = await fetchText(port, agent);
    expect(first).toBe('ok');
    const began = Date.now();
    expect(await closeHttpServer(server, 5_000)).toBe(0);
    expect(Date.now() - began).toBeLessThan(1_000);
    agent.destroy();
  });

  it('cuts a request still running after the bound', async () => {
    const { server, port } = await serverWith(() => undefined);
    const hanging = fetchText(port, undefined).catch((error: Error) => error.message);
    await delay(100);
    const began = Date.now();
    expect(await closeHttpServer(server, 300)).toBe(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
  });
});

function fetchText(port: number, agent: http.Agent | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}
