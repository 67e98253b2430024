/** Closes the browser, then stops the server with SIGINT (it stops its PostgreSQL and exits 0). */
export default async function globalTeardown() {
  const browser = globalThis.__E2E_BROWSER__;
  const portal = globalThis.__E2E_PORTAL__;
  globalThis.__E2E_BROWSER__ = undefined;
  globalThis.__E2E_PORTAL__ = undefined;
  try {
    await browser?.close();
  } finally {
    await portal?.stop();
  }
}
