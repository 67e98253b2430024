import { AsyncLocalStorage } from 'node:async_hooks';
import { connectedClient } from './connectedClient';

/**
 * Statements that stop when nobody waits for their answer any more. `whileWanted(signal, work)`
 * runs `work` so that every statement it sends through a knex of createKnex (server/db/knex.ts)
 * is watched by `signal`: when it fires, the statement running on each of its connections is
 * cancelled in PostgreSQL (`pg_cancel_backend`, from a connection of its own outside the pool,
 * which may be full of the very statements to cancel), and every later statement is refused
 * before it is sent. The transaction then rolls back and its connection goes back to the pool
 * at once. The HTTP layer gives a request's signal (server/http/cancelOnClose.ts): a report
 * whose client went away stops instead of holding the pool's connections.
 *
 * What knex's transactions send themselves (BEGIN, COMMIT, ROLLBACK, savepoints) reaches the
 * client's `query` as a plain string, every other statement as a query object: those strings are
 * neither cancelled nor refused, so a connection always leaves its transaction cleanly.
 */
export class StatementAbandonedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The statement was cancelled: nobody waits for its answer any more', options);
    this.name = 'StatementAbandonedError';
  }
}

const wanted = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with its statements cancelled when `signal` fires (see above). */
export function whileWanted<T>(signal: AbortSignal, work: () => T): T {
  return wanted.run(signal, work);
}

/** The signal the current work runs under (`whileWanted`), if any. */
export function wantedSignal(): AbortSignal | undefined {
  return wanted.getStore();
}

/** The fields of node-postgres' Client this module reads: `processID` is the backend's pid (its BackendKeyData). */
interface Connection {
  processID: number | null;
}

/** Where each pooled connection was opened (createKnex's pool `afterCreate`), to open its canceller at the same place. */
const addresses = new WeakMap<object, string>();

export function rememberAddress(connection: object, connectionString: string): void {
  addresses.set(connection, connectionString);
}

/** A canceller gives up after this long: the statement it was to cancel then runs on, which is only slower. */
const CANCEL_CONNECT_TIMEOUT_MS = 5_000;

async function cancelBackend(connection: Connection): Promise<void> {
  const address = addresses.get(connection);
  if (!address || connection.processID === null) return;
  const canceller = await connectedClient({ connectionString: address, connectionTimeoutMillis: CANCEL_CONNECT_TIMEOUT_MS });
  try {
    await canceller.query('select pg_cancel_backend($1)', [connection.processID]);
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/**
 * One statement of a knex client (`run` sends `statement` on `connection`), watched by the
 * signal of the `whileWanted` it runs in, if any. A statement cancelled, or refused, because the
 * signal fired fails with StatementAbandonedError. The answer waits for the cancel to have been
 * delivered, so that it never reaches the connection's next statement.
 */
export async function watchedStatement<T>(connection: object, statement: unknown, run: () => Promise<T>): Promise<T> {
  const signal = wanted.getStore();
  if (!signal || typeof statement === 'string') return run();
  if (signal.aborted) throw new StatementAbandonedError();
  let cancelling: Promise<void> | null = null;
  const cancel = () => {
    cancelling = cancelBackend(connection as Connection).catch(() => undefined);
  };
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await run();
  } catch (error) {
    throw signal.aborted ? new StatementAbandonedError({ cause: error }) : error;
  } finally {
    signal.removeEventListener('abort', cancel);
    if (cancelling) await cancelling;
  }
}
