import { Client, type ClientConfig } from 'pg';

/**
 * A pg Client of its own, outside any pool, connected, for a connection used a moment and then
 * ended (a canceller, a readiness probe). Its 'error' listener is attached before the
 * handshake: a server stopping as the connection is made sends the end of the handshake and its
 * "terminating connection" in one read, and pg emits that error while parsing, before the
 * caller's next line could listen for it (an unhandled 'error' event ends the whole process).
 *
 * An error in the handshake, or in the read that ended it, rejects (the connection is then
 * ended). The listener stays for the client's life: a later error reaches the caller through the
 * statement it fails, never the process.
 */
export async function connectedClient(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  const errors: unknown[] = [];
  client.on('error', (error) => errors.push(error));
  try {
    await client.connect();
    if (errors.length) throw errors[0];
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}
