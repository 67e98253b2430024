import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for /api: the origins of CORS_ORIGINS with credentials, or (none configured) any
 * origin reflected without them; the list headers a client must be able to read are exposed.
 *
 * The `cors` package answers every request, but it rebuilds its options and a few closures
 * and arrays for each one. An ordinary request (not a preflight) with no `Vary` set yet gets
 * its headers here instead, the same ones in the same order (test/platform/securityAndLogs.test.ts
 * compares the two on every kind of request); a preflight, or an answer that already varies,
 * goes to the package.
 */
export function corsHeaders(origins: readonly string[], exposedHeaders: readonly string[]): RequestHandler {
  const credentials = origins.length > 0;
  const library = cors({ origin: credentials ? [...origins] : true, credentials, exposedHeaders: [...exposedHeaders] });
  const allowed = new Set(origins);
  const exposed = exposedHeaders.join(',');
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    if (req.method === 'OPTIONS' || res.hasHeader('Vary')) return library(req as never, res as never, next);
    const origin = req.headers.origin;
    if (origin && (!credentials || allowed.has(origin))) res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (exposed) res.setHeader('Access-Control-Expose-Headers', exposed);
    next();
  };
}
