import { chromium, type BrowserServer } from 'playwright-core';
import { chromiumMissing, LAUNCH_OPTIONS } from './support/chromium';
import { buildDashboard, startPortal, type RunningPortal } from './support/server';

/**
 * One portal and one Chromium for the whole e2e run: the dashboard built if stale, the real
 * server with demo data on a free port, and a browser server the test files connect to
 * (E2E_BASE_URL, E2E_WS_ENDPOINT). Without Chromium the tests are skipped (E2E_SKIP says why),
 * unless REQUIRE_E2E=1, as in CI, where that is a failure.
 */
declare global {
  // eslint-disable-next-line no-var
  var __E2E_PORTAL__: RunningPortal | undefined;
  // eslint-disable-next-line no-var
  var __E2E_BROWSER__: BrowserServer | undefined;
}

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

export default async function globalSetup() {
  const missing = chromiumMissing();
  if (missing) {
    if (process.env.REQUIRE_E2E === '1') throw new Error(`REQUIRE_E2E=1 but the browser tests cannot run: ${missing}`);
    process.env.E2E_SKIP = missing;
    log(`browser tests skipped: ${missing}`);
    return;
  }
  const started = Date.now();
  buildDashboard(log);
  const [portal, browser] = await Promise.allSettled([startPortal(log), chromium.launchServer(LAUNCH_OPTIONS)]);
  if (portal.status === 'rejected' || browser.status === 'rejected') {
    if (browser.status === 'fulfilled') await browser.value.close();
    if (portal.status === 'fulfilled') await portal.value.stop();
    throw portal.status === 'rejected' ? portal.reason : (browser as PromiseRejectedResult).reason;
  }
  globalThis.__E2E_PORTAL__ = portal.value;
  globalThis.__E2E_BROWSER__ = browser.value;
  process.env.E2E_BASE_URL = portal.value.baseUrl;
  process.env.E2E_WS_ENDPOINT = browser.value.wsEndpoint();
  log(`portal at ${portal.value.baseUrl}, Chromium ready, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
