/**
 * Screenshots of the main pages for the README, from the real server with demo data:
 *
 *   node --import tsx test/e2e/screenshots.ts            # starts its own server (like the e2e tests)
 *   E2E_BASE_URL=http://localhost:3000 node --import tsx test/e2e/screenshots.ts   # a running one
 *
 * Writes docs/screenshots/*.png. Not part of `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumMissing, LAUNCH_OPTIONS } from './support/chromium';
import { apiGet, CHART_TITLES, dashboardHeading, dashboardWithData, signIn, waitForChartData, type DemoUser } from './support/portal';
import { buildDashboard, ROOT, startPortal, type RunningPortal } from './support/server';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1400, height: 860 };
const MAX_BYTES = 300 * 1024;

const log = (line: string) => console.log(line);

interface Shot {
  file: string;
  user: DemoUser;
  what: string;
  /** navigates and waits until the page shows its data */
  open: (page: Page) => Promise<void>;
  fullPage?: boolean;
}

async function dashboardReady(page: Page, titles: readonly string[] = CHART_TITLES) {
  for (const title of titles) await waitForChartData(page, title);
}

async function idle(page: Page) {
  await page.waitForLoadState('networkidle');
  // the slow-load bar and react-admin's spinner must be gone
  await page.locator('.MuiLinearProgress-root, header .MuiCircularProgress-root').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

const SHOTS: Shot[] = [
  {
    file: 'dashboard.png',
    user: 'manager',
    what: 'the managers’ dashboard (ministry manager, current fiscal year)',
    open: async (page) => {
      await dashboardWithData(page);
      await dashboardReady(page);
    },
  },
  {
    file: 'children-list.png',
    user: 'pm',
    what: 'a list: children, with search, filters, export',
    open: async (page) => {
      await page.goto('/#/children');
      await page.getByRole('main').getByRole('row').nth(10).waitFor();
    },
  },
  {
    file: 'child.png',
    user: 'pm',
    what: 'a child’s file: the monthly check-ins tab',
    open: async (page) => {
      const [plan] = await apiGet(page, 'service_plans', { filter: { status: 'in_service', program: 'SHSS' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/children/${plan.child_id}/show/check-ins`);
      await page.getByRole('main').getByRole('table').getByRole('row').nth(3).waitFor();
    },
  },
  {
    file: 'check-in-form.png',
    user: 'worker',
    what: 'the monthly check-in form (a draft), with Save draft and Finalize and send',
    fullPage: true,
    open: async (page) => {
      const [checkIn] = await apiGet(page, 'monthly_check_ins', { filter: { status: 'draft' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/monthly_check_ins/${checkIn.id}`);
      await page.getByRole('main').getByRole('button', { name: 'Finalize and send' }).waitFor();
    },
  },
  {
    file: 'csp-report.png',
    user: 'manager',
    what: 'the CSP performance measures report',
    open: async (page) => {
      await page.goto('/#/reports/csp-measures');
      await page.getByRole('main').getByRole('cell', { name: 'referrals_total', exact: true }).waitFor();
    },
  },
  {
    file: 'dashboard-fr.png',
    user: 'manager',
    what: 'the dashboard in French',
    open: async (page) => {
      await dashboardWithData(page);
      await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: 'Français' }).click();
      await dashboardHeading(page, 'Tableau de bord').waitFor();
      await dashboardReady(page, ['Sources des demandes', 'Délais d’attente', 'Plans actifs par programme', 'Paiements par type et statut']);
    },
  },
];

async function take(browser: Browser, shot: Shot): Promise<number> {
  const session = await signIn(browser, shot.user, VIEWPORT);
  try {
    await shot.open(session.page);
    await idle(session.page);
    await session.page.mouse.move(0, 0); // no hovered row or tooltip
    const file = path.join(OUT, shot.file);
    await session.page.screenshot({ path: file, fullPage: shot.fullPage ?? false, animations: 'disabled', caret: 'hide' });
    const bytes = fs.statSync(file).size;
    log(`${shot.file.padEnd(20)} ${String(Math.round(bytes / 1024)).padStart(4)} kB  ${shot.what}`);
    return bytes;
  } finally {
    await session.close();
  }
}

async function main() {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  fs.mkdirSync(OUT, { recursive: true });
  let portal: RunningPortal | null = null;
  if (!process.env.E2E_BASE_URL) {
    buildDashboard(log);
    portal = await startPortal(log);
    process.env.E2E_BASE_URL = portal.baseUrl;
  }
  const browser = await chromium.launch(LAUNCH_OPTIONS);
  const oversized: string[] = [];
  try {
    for (const shot of SHOTS) {
      if ((await take(browser, shot)) > MAX_BYTES) oversized.push(shot.file);
    }
  } finally {
    await browser.close();
    await portal?.stop();
  }
  if (oversized.length) throw new Error(`Over ${MAX_BYTES / 1024} kB: ${oversized.join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
