import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open. Clients and proxies reuse an idle socket
 * for up to a minute (load balancers commonly 60 s); Node's default of 5 s closes it while a
 * client may be sending its next request on it, which that client sees as ECONNRESET (a CI run
 * of the browser tests met it after a pause of about 5 s between two API calls). The server
 * closes first only after the others have given up; shutdown closes idle connections at once
 * (gracefulStop.ts).
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // headers of a request on a kept socket must be allowed to arrive after the idle wait
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
