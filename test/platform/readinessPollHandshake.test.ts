import { pollUntilAccepting } from '../../server/db/readinessPoll';
import { startFakePostgres } from '../helpers/fakePostgres';

/**
 * While the embedded PostgreSQL starts, a connection is tried every 250 ms to see whether it
 * accepts connections. A server stopping as one is made sends the end of the handshake and
 * "terminating connection due to administrator command" in one read, and pg emits that error
 * before `connect()` returns: without a listener attached before the handshake it was an
 * unhandled 'error' event that ended the whole server. Such a connection means not ready yet.
 */
it('polls on past connections that end in the read that ends the handshake', async () => {
  const server = await startFakePostgres((connection) => (connection <= 2 ? 'acceptThenTerminate' : 'accept'));
  try {
    await pollUntilAccepting(server.port, 'secret', () => false);
    expect(server.connections()).toBe(3);
  } finally {
    await server.close();
  }
});
