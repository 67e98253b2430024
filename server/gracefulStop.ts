import type { Server } from 'node:http';

/**
 * Stopping a server process without cutting anyone off (SIGTERM, SIGINT): stop accepting
 * connections, let the requests in flight finish, stop the jobs (a running one may finish),
 * then close the pool and PostgreSQL. Each wait is bounded, so a stuck request or job cannot
 * hold the process: past the bound its connection is cut, or the database closes under it.
 */
export interface StoppableParts {
  server: Server | null;
  jobs: { stop: (waitMs: number) => Promise<void> } | null;
  /** the session cache's listening connection (server/auth/sessionCache.ts), closed before the database */
  sessionCache?: { close: () => Promise<void> } | null;
  database: { close: () => Promise<void> } | null;
}

export const STOP_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 100;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Closes the listening socket at once and each keep-alive connection as soon as it is idle
 * (between requests); a request still running after `graceMs` has its connection cut.
 * Answers how many connections were cut.
 */
export async function closeHttpServer(server: Server, graceMs: number): Promise<number> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    const finished = await Promise.race([closed.then(() => true), delay(graceMs).then(() => false)]);
    if (finished) return 0;
    const cut = await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
    server.closeAllConnections();
    await closed;
    return cut;
  } finally {
    clearInterval(sweep);
  }
}

export async function stopGracefully(parts: StoppableParts, options: { graceMs?: number; log?: (line: string) => void } = {}): Promise<void> {
  const graceMs = options.graceMs ?? STOP_GRACE_MS;
  const log = options.log ?? (() => undefined);
  const jobsStopped = parts.jobs?.stop(graceMs);
  if (parts.server) {
    const cut = await closeHttpServer(parts.server, graceMs);
    if (cut) log(`Cut ${cut} connection(s) whose requests were still running after ${graceMs / 1000} s`);
  }
  await jobsStopped;
  await parts.sessionCache?.close();
  await parts.database?.close();
}
