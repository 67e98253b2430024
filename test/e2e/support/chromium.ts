import fs from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

/**
 * The browser the e2e tests drive: Debian's Chromium (`apt-get install -y chromium`), never a
 * downloaded one. CHROMIUM_PATH points elsewhere when a machine keeps it somewhere else.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

/** null when Chromium is there, else why the browser tests cannot run. */
export function chromiumMissing(): string | null {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  }
}
