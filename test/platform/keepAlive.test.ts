import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepConnectionsAlive } from '../../server/http/keepAlive';

/**
 * An idle keep-alive connection outlives Node's 5 s default (server/http/keepAlive.ts): a client
 * that pauses longer than that sends its next request on the same socket, which the server has
 * not closed under it.
 */
async function serve(keep: boolean) {
  let connections = 0;
  const server = http.createServer((_req, res) => res.end('ok'));
  server.on('connection', () => connections++);
  if (keep) keepConnectionsAlive(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

/** Two GETs 7 s apart through one keep-alive agent; the local ports of the sockets they used. */
async function twoRequestsApart(port: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          const local = res.socket.localPort!;
          res.resume();
          res.on('end', () => resolve(local));
        })
        .on('error', reject);
    });
  try {
    const first = await get();
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    return [first, await get()];
  } finally {
    agent.destroy();
  }
}

it('keeps an idle connection open past the 5 s default, so the next request reuses it', async () => {
  const kept = await serve(true);
  const plain = await serve(false);
  try {
    const [keptPorts, plainPorts] = await Promise.all([twoRequestsApart(kept.port), twoRequestsApart(plain.port)]);
    expect(keptPorts[1]).toBe(keptPorts[0]);
    expect(kept.connections()).toBe(1);
    // under the default (5 s; the socket closed about a second later) the client had to open another
    expect(plainPorts[1]).not.toBe(plainPorts[0]);
    expect(plain.connections()).toBe(2);
  } finally {
    kept.server.closeAllConnections();
    plain.server.closeAllConnections();
    await Promise.all([kept.server, plain.server].map((s) => new Promise((resolve) => s.close(resolve))));
  }
}, 20_000);
