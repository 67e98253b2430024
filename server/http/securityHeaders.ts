import helmet from 'helmet';

/**
 * helmet's headers with a Content-Security-Policy the built dashboard satisfies: scripts only
 * from the portal itself (Vite emits no inline script), and styles from the portal plus inline
 * ones, because MUI's emotion inserts <style> elements at run time and recharts sets style
 * attributes. An inline style cannot run code; a nonce would mean rendering index.html per
 * request and handing the nonce to emotion's cache (docs/security.md). HSTS, and upgrading
 * http: subresources, only in production: a development server on http://localhost has no TLS.
 */
export function securityHeaders(production: boolean) {
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
