import knexFactory from 'knex';
import { startSessionCache } from '../../server/auth/sessionCache';
import { startFakePostgres } from '../helpers/fakePostgres';

/**
 * A PostgreSQL stopping while the session cache's notice connection is being made sends the
 * end of the handshake and "terminating connection due to administrator command" in one read.
 * pg emits that error as soon as it parses it, before the code that asked for the connection
 * runs again: without a listener attached before the handshake, it was an unhandled 'error'
 * event and ended the whole server (seen once in a full run, in embeddedServer.test.ts's stop).
 * Here a server speaking just enough of the protocol answers every connection that way.
 */
it('survives a server that stops in the read that ends the handshake, and keeps trying', async () => {
  const server = await startFakePostgres();
  const knex = knexFactory({ client: 'pg', connection: server.url, pool: { min: 0, max: 1 } });
  const cache = startSessionCache(knex, { firstRetryMs: 20 });
  try {
    const deadline = Date.now() + 10_000;
    while (server.connections() < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // each attempt ended in the error, none in the process: the cache reconnects and never listens
    expect(server.connections()).toBeGreaterThanOrEqual(3);
    expect(cache.listening()).toBe(false);
  } finally {
    await cache.close();
    await knex.destroy();
    await server.close();
  }
});
