import { rememberAddress, StatementAbandonedError, watchedStatement, whileWanted } from '../../server/db/cancellation';
import { startFakePostgres } from '../helpers/fakePostgres';

/**
 * A statement whose signal fires is cancelled from a connection of its own (the canceller). A
 * PostgreSQL stopping as the canceller connects sends the end of the handshake and "terminating
 * connection due to administrator command" in one read, and pg emits that error before
 * `connect()` returns: without a listener attached before the handshake it was an unhandled
 * 'error' event that ended the whole server. A cancel that fails is only given up (the statement
 * runs on), like one whose canceller cannot connect at all.
 */
it('gives up a cancel whose server stops in the read that ends the handshake', async () => {
  const server = await startFakePostgres();
  const connection = { processID: 4242 };
  rememberAddress(connection, server.url);
  const controller = new AbortController();
  try {
    const answer = whileWanted(controller.signal, () =>
      watchedStatement(connection, { text: 'select pg_sleep(60)' }, async () => {
        controller.abort();
        throw new Error('canceling statement due to user request');
      }),
    );
    // the answer waits for the cancel, which has been tried and given up
    await expect(answer).rejects.toBeInstanceOf(StatementAbandonedError);
    expect(server.connections()).toBe(1);
  } finally {
    await server.close();
  }
});
