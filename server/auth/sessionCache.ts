import type { Knex } from 'knex';
import { Client, type ClientConfig, type Notification } from 'pg';
import type { Credential } from './credentials';

/**
 * Every request needs its session or API key; this instance keeps the ones it has just read,
 * so a request does not take a pool connection for that lookup before its own queries
 * (docs/auth.md has the measurements and the reasoning).
 *
 * The triggers of migration 20261201100001 send `NOTIFY session_changes, '<user id>'` on
 * commit whenever one of a user's sessions or keys is revoked or the user's role,
 * organisation, active flag or password changes — whatever made the change, to every
 * instance. This instance listens on a connection of its own and evicts that user's entries.
 *
 * A notice is sent on commit but arrives a moment later. So that a change committed before a
 * request arrived is always seen, a cached entry is used only after a round trip on the
 * listening connection that started after the request did (`select 1`; concurrent requests
 * share one): PostgreSQL signals every listener before it acknowledges the commit, and a
 * listening backend sends the notices it has been signalled before it answers its next
 * query, so by the time that answer is back every earlier notice has been applied here.
 *
 * While the listening connection is down nothing is kept and every lookup goes to the
 * database; on reconnecting the cache starts empty, so a notice missed meanwhile cannot leave
 * a stale entry.
 */
export const SESSION_CHANGES_CHANNEL = 'session_changes';

/** Even with every notice delivered, an entry is read afresh after this long. */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;
/** A listening connection that takes longer than this to answer is dropped (and reopened). */
const CATCH_UP_TIMEOUT_MS = 1_000;

interface Entry {
  credential: Credential;
  cachedAtMs: number;
}

export interface SessionCache {
  /**
   * The credential kept for this token hash, once every change committed before the call has
   * been heard; null when none is kept, it is no longer valid, or that cannot be made sure of.
   */
  find(tokenHash: string, now: Date): Promise<Credential | null>;
  /**
   * The credential kept for this token hash as it stands, without waiting: a change committed
   * a moment ago may not have been heard yet. Only for a read whose answer then waits for
   * `caughtUp()` and asks again (credentials.ts `findCredentialAhead`).
   */
  peek(tokenHash: string, now: Date): Credential | null;
  /** true once every change committed before the call has been heard; false when that cannot be made sure of */
  caughtUp(): Promise<boolean>;
  /** taken before a database lookup and handed to set(): a lookup that overlapped a change is not kept */
  generation(): number;
  set(tokenHash: string, credential: Credential, generationBefore: number): void;
  /** whether an entry is kept for this token hash (for tests and diagnostics) */
  holds(tokenHash: string): boolean;
  /** true while the listening connection is up (entries are kept only then) */
  listening(): boolean;
  /** the listening connection's backend pid, or null while it is down */
  backendPid(): number | null;
  /** resolves once the first LISTEN has succeeded */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface SessionCacheOptions {
  log?: (line: string) => void;
  /** the first wait before reconnecting; it doubles up to 5 s */
  firstRetryMs?: number;
}

/**
 * A connection of its own, outside the pool, to where the pool connects now: knex's connection
 * may be a function, since the embedded server can come back on another port after a restart.
 * `listen` attaches the listeners before the handshake: a server stopping as the connection is
 * made sends the end of the handshake and its "terminating connection" in one read, and pg
 * emits that error before the caller's next line could listen for it (an unhandled 'error'
 * event ended the whole process once in a full test run).
 */
async function openListeningConnection(knex: Knex, listen: (connection: Client) => void): Promise<Client> {
  const configured = knex.client.config.connection as string | ClientConfig | (() => Promise<ClientConfig> | ClientConfig);
  const settings = typeof configured === 'function' ? await configured() : configured;
  const given: ClientConfig & { expirationChecker?: unknown } = typeof settings === 'string' ? { connectionString: settings } : settings;
  // knex keeps a parsed password as a hidden property, which a spread would leave behind
  const { expirationChecker: _knexOnly, ...options } = { ...given, password: given.password };
  const connection = new Client(options);
  listen(connection);
  await connection.connect();
  return connection;
}

export function startSessionCache(knex: Knex, options: SessionCacheOptions = {}): SessionCache {
  const log = options.log ?? (() => undefined);
  const firstRetryMs = options.firstRetryMs ?? FIRST_RETRY_MS;
  const entries = new Map<string, Entry>();
  let generation = 0;
  let client: Client | null = null;
  let pid: number | null = null;
  let closed = false;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | null = null;
  let lostOnce = false;
  /** requests waiting for the next catch-up round trip, and whether one is on its way */
  let waiting: ((caughtUp: boolean) => void)[] = [];
  let catchingUp = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  function forgetAll() {
    generation += 1;
    entries.clear();
  }

  function forgetUser(userId: number) {
    generation += 1;
    for (const [tokenHash, entry] of entries) {
      if (entry.credential.user.id === userId) entries.delete(tokenHash);
    }
  }

  function onNotification(message: Notification) {
    if (message.channel !== SESSION_CHANGES_CHANNEL) return;
    const userId = Number(message.payload);
    if (Number.isInteger(userId)) forgetUser(userId);
    else forgetAll();
  }

  function settleWaiting(caughtUp: boolean) {
    const batch = waiting;
    waiting = [];
    for (const resolve of batch) resolve(caughtUp);
  }

  function lost(connection: Client, reason: unknown) {
    if (client !== connection) return;
    client = null;
    pid = null;
    forgetAll();
    settleWaiting(false);
    if (!closed) log(`Session change notices stopped (${describe(reason)}); every request checks the database until they are back`);
    lostOnce = true;
    connection.end().catch(() => undefined);
    scheduleConnect();
  }

  async function catchUp(connection: Client) {
    catchingUp = true;
    const batch = waiting;
    waiting = [];
    const timer = setTimeout(() => lost(connection, `no answer within ${CATCH_UP_TIMEOUT_MS} ms`), CATCH_UP_TIMEOUT_MS);
    let caughtUp = false;
    try {
      await connection.query('select 1');
      caughtUp = client === connection;
    } catch {
      caughtUp = false;
    }
    clearTimeout(timer);
    catchingUp = false;
    for (const resolve of batch) resolve(caughtUp);
    if (waiting.length && client) void catchUp(client);
  }

  /** true once every notice committed before this call has been applied */
  function heardEverything(): Promise<boolean> {
    if (!client) return Promise.resolve(false);
    const connection = client;
    return new Promise((resolve) => {
      waiting.push(resolve);
      if (!catchingUp) void catchUp(connection);
    });
  }

  function scheduleConnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
  }

  async function connect() {
    let connection: Client | null = null;
    try {
      const opened = await openListeningConnection(knex, (listening) => {
        listening.on('notification', onNotification);
        listening.on('error', (error) => lost(listening, error));
        listening.on('end', () => lost(listening, 'connection ended'));
      });
      connection = opened;
      await opened.query(`LISTEN ${SESSION_CHANGES_CHANNEL}`);
      if (closed) {
        await opened.end();
        return;
      }
      client = opened;
      // pg keeps the backend's pid from the start-up handshake; @types/pg leaves it out
      pid = (opened as Client & { processID: number | null }).processID;
      forgetAll();
      retryMs = firstRetryMs;
      if (lostOnce) log('Session change notices are back');
      markReady();
    } catch {
      if (connection && client !== connection) connection.end().catch(() => undefined);
      scheduleConnect();
    }
  }

  function valid(tokenHash: string, now: Date): Credential | null {
    const entry = entries.get(tokenHash);
    if (!entry) return null;
    const expired = entry.credential.expiresAt !== null && entry.credential.expiresAt.getTime() <= now.getTime();
    if (!expired && performance.now() - entry.cachedAtMs < MAX_AGE_MS) return entry.credential;
    entries.delete(tokenHash);
    return null;
  }

  void connect();

  return {
    async find(tokenHash, now) {
      if (!client || !valid(tokenHash, now)) return null;
      if (!(await heardEverything())) return null;
      return valid(tokenHash, now);
    },
    peek: (tokenHash, now) => (client ? valid(tokenHash, now) : null),
    caughtUp: heardEverything,
    generation: () => generation,
    set(tokenHash, credential, generationBefore) {
      if (!client || generationBefore !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(tokenHash, { credential, cachedAtMs: performance.now() });
    },
    holds: (tokenHash) => entries.has(tokenHash),
    listening: () => client !== null,
    backendPid: () => pid,
    ready,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const connection = client;
      client = null;
      entries.clear();
      settleWaiting(false);
      await connection?.end().catch(() => undefined);
    },
  };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
