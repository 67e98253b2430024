import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers with a Content-Security-Policy the built dashboard satisfies: scripts only
 * from the portal itself (Vite emits no inline script), and styles from the portal plus inline
 * ones, because MUI's emotion inserts <style> elements at run time and recharts sets style
 * attributes. An inline style cannot run code; a nonce would mean rendering index.html per
 * request and handing the nonce to emotion's cache (docs/security.md). HSTS, and upgrading
 * http: subresources, only in production: a development server on http://localhost has no TLS.
 */
export function helmetFor(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** What helmet does to an answer: the headers it sets, in order, and those it removes. */
export interface HeaderEffects {
  set: [string, string][];
  removed: string[];
}

/**
 * helmet's effects, read once by running it on a stand-in answer. With the options above every
 * header is a constant (no nonce, no function directive), so every request gets the same ones:
 * setting them in one loop spares helmet's chain of a dozen middleware calls per request, which
 * was about 1 % of a placements list request's CPU in a profile at 20 connections. A helmet that
 * did anything else (answered, failed, or finished later) is refused here rather than copied.
 */
export function helmetEffects(middleware: RequestHandler): HeaderEffects {
  const effects: HeaderEffects = { set: [], removed: [] };
  const stand = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a non-string`);
      effects.set.push([name, value]);
    },
    removeHeader(name: string) {
      effects.removed.push(name);
    },
  };
  let done = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as never, stand as never, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not call next() at once: its headers cannot be set ahead');
  return effects;
}

export function securityHeaders(production: boolean): RequestHandler {
  const { set, removed } = helmetEffects(helmetFor(production));
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (let i = 0; i < set.length; i += 1) res.setHeader(set[i][0], set[i][1]);
    for (let i = 0; i < removed.length; i += 1) res.removeHeader(removed[i]);
    next();
  };
}
