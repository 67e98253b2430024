import net from 'node:net';
import knexFactory from 'knex';
import { startSessionCache } from '../../server/auth/sessionCache';

/**
 * A PostgreSQL stopping while the session cache's notice connection is being made sends the
 * end of the handshake and "terminating connection due to administrator command" in one read.
 * pg emits that error as soon as it parses it, before the code that asked for the connection
 * runs again: without a listener attached before the handshake, it was an unhandled 'error'
 * event and ended the whole server (seen once in a full run, in embeddedServer.test.ts's stop).
 * Here a server speaking just enough of the protocol answers every connection that way.
 */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};

const fields = (pairs: [string, string][]) => Buffer.concat([...pairs.map(([code, text]) => Buffer.from(`${code}${text}\0`)), Buffer.from('\0')]);

const HANDSHAKE_THEN_SHUTDOWN = Buffer.concat([
  message('R', int32(0)), // AuthenticationOk
  message('Z', Buffer.from('I')), // ReadyForQuery: the connection is made
  message('E', fields([['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P01'], ['M', 'terminating connection due to administrator command']])),
]);

it('survives a server that stops in the read that ends the handshake, and keeps trying', async () => {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.once('data', () => {
      socket.write(HANDSHAKE_THEN_SHUTDOWN);
      socket.end();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const knex = knexFactory({ client: 'pg', connection: `postgres://portal:secret@127.0.0.1:${port}/portal`, pool: { min: 0, max: 1 } });
  const cache = startSessionCache(knex, { firstRetryMs: 20 });
  try {
    const deadline = Date.now() + 10_000;
    while (connections < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // each attempt ended in the error, none in the process: the cache reconnects and never listens
    expect(connections).toBeGreaterThanOrEqual(3);
    expect(cache.listening()).toBe(false);
  } finally {
    await cache.close();
    await knex.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
