import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * What the browser tests share: the skip switch, the one browser of the run, a signed-in
 * context per role, and waits on what the dashboard shows (never fixed sleeps).
 */
export const DEMO_PASSWORD = 'Demo2025!';

export const USERS = {
  manager: 'manager@demo.example', // ministry_manager: reads everything, changes nothing
  worker: 'worker@demo.example', // portal_worker: check-ins, logs; no finance actions
  finance: 'finance@demo.example', // ministry_finance: support request decisions, payments
  pm: 'pm@demo.example', // program_manager: the case work of one organisation
  admin: 'admin@demo.example', // system_admin
  spc: 'spc@demo.example', // coordinator: CSP referrals and plans of its agency, submits its organisation's CSP measures
} as const;
export type DemoUser = keyof typeof USERS;

/** The heading of the page each demo user lands on (contract/homes.ts): its own work, or the dashboard. */
export const HOME_HEADINGS: Record<DemoUser, string> = {
  manager: 'Dashboard',
  worker: 'My places',
  finance: 'Finance work',
  pm: 'Dashboard',
  admin: 'Dashboard',
  spc: 'Waiting list',
};

/** The four charts of the managers' dashboard, by their card titles. */
export const CHART_TITLES = ['Referral sources', 'Wait times', 'Active plans by programme', 'Payments by kind and status'] as const;
export type ChartTitle = (typeof CHART_TITLES)[number];

export const baseUrl = () => process.env.E2E_BASE_URL!;

/** `describe`, or `describe.skip` with the reason printed when globalSetup found no Chromium. */
export function describeE2E(name: string, body: () => void): void {
  const skip = process.env.E2E_SKIP;
  if (skip) {
    console.warn(`[e2e] skipped "${name}": ${skip}`);
    describe.skip(`${name} (skipped: ${skip})`, body);
  } else {
    describe(name, body);
  }
}

/** The run's browser (started by globalSetup), connected for this file. */
export function useBrowser(): () => Browser {
  let browser: Browser | null = null;
  beforeAll(async () => {
    browser = await chromium.connect(process.env.E2E_WS_ENDPOINT!);
  });
  afterAll(async () => {
    await browser?.close(); // disconnects; globalTeardown closes the browser itself
  });
  return () => {
    if (!browser) throw new Error('The browser is not connected');
    return browser;
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** uncaught errors in the page since the context opened */
  pageErrors: Error[];
  close: () => Promise<void>;
}

/** A fresh context (no cookies, no stored locale) on the sign-in page. */
export async function openContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<Session> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'en-CA',
    timezoneId: 'America/Vancouver',
    reducedMotion: 'reduce', // recharts draws at once, so what is asserted is the final picture
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return { context, page, pageErrors, close: () => context.close() };
}

/** Signs in through the sign-in page and waits for the user's home page. */
export function signIn(browser: Browser, user: DemoUser, options?: { width?: number; height?: number }): Promise<Session> {
  return signInAs(browser, USERS[user], HOME_HEADINGS[user], options);
}

/** Signs in as any demo user (they all have the demo password) and waits for the heading of their home page. */
export async function signInAs(browser: Browser, email: string, homeHeading: string, options?: { width?: number; height?: number }): Promise<Session> {
  const session = await openContext(browser, options);
  const { page } = session;
  await page.goto('/#/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await dashboardHeading(page, homeHeading).waitFor();
  return session;
}

/**
 * Signs in as `user` before the file's tests and closes the session after them. The `page` and
 * `session` it returns can be named at the top of a describe block: from beforeAll on they stand
 * for the signed-in ones (and say so if used before); `browser` is the run's, for more sessions.
 */
export function useSignedInPage(user: DemoUser, options?: { width?: number; height?: number }): { page: Page; session: Session; browser: () => Browser } {
  const browser = useBrowser();
  let current: Session | null = null;
  beforeAll(async () => {
    current = await signIn(browser(), user, options);
  });
  afterAll(() => current?.close());
  const signedIn = () => {
    if (!current) throw new Error(`Not signed in as ${user} yet: use the page inside a test or a later beforeAll`);
    return current;
  };
  return { page: lateBound(() => signedIn().page), session: lateBound(signedIn), browser };
}

/** An object that forwards every property to `target()`, read at each use. */
function lateBound<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_shell, key) {
      const real = target();
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}

export const dashboardHeading = (page: Page, name = 'Dashboard') => page.getByRole('main').getByRole('heading', { level: 2, name, exact: true });

/** A GET on the API with the context's session cookie (for picking test records, not for asserting the UI). */
export async function apiGet<T = any>(page: Page, path: string, query: Record<string, unknown> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await page.context().request.get(`/api/${path}${params.size ? `?${params}` : ''}`);
  if (!response.ok()) throw new Error(`GET /api/${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A POST on the API with the context's session and its CSRF token (for reading answers to check the UI against). */
export async function apiPost<T = any>(page: Page, path: string, body: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrf_token')?.value ?? '';
  const response = await page.context().request.post(`/api/${path}`, { data: body, headers: { 'X-CSRF-Token': csrf } });
  if (!response.ok()) throw new Error(`POST /api/${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The dashboard on the whole current fiscal year (from April 1), the period it opens on. In the
 * year's first two months the demo data may leave a chart empty, so then the previous, complete
 * year is shown instead. Answers the period shown.
 */
export async function dashboardWithData(page: Page): Promise<{ from: string; to: string }> {
  const today = new Date();
  const month = today.getUTCMonth() + 1;
  const fiscalYear = today.getUTCFullYear() - (month <= 5 ? 1 : 0);
  await page.goto(`/#/dashboard?fy=${fiscalYear}&period=final`);
  await dashboardHeading(page).waitFor();
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
}

/** A dashboard card (a `section` labelled by its title). */
export const card = (page: Page, title: string) => page.getByRole('main').getByRole('region', { name: title, exact: true });

export interface ChartDrawing {
  bars: number;
  lines: number;
}

/**
 * Waits until the chart of a card has drawn data: bars (rectangles) or lines with a path; with
 * `expected`, until it has drawn exactly that many.
 */
export async function waitForChartData(page: Page, title: string, expected?: ChartDrawing): Promise<ChartDrawing> {
  const figure = card(page, title).locator('figure');
  await figure.locator('svg.recharts-surface').first().waitFor();
  const handle = await figure.evaluateHandle((element) => element);
  // no named functions inside: tsx (esbuild keepNames) would wrap them in a __name the page lacks
  const drawn = page.waitForFunction(
    ({ figure, expected }) => {
      let bars = 0;
      let lines = 0;
      for (const path of figure.querySelectorAll('path.recharts-rectangle, path.recharts-line-curve')) {
        if (!(path.getAttribute('d') ?? '').length) continue;
        if (path.classList.contains('recharts-rectangle')) bars += 1;
        else lines += 1;
      }
      const done = expected ? bars === expected.bars && lines === expected.lines : bars + lines > 0;
      return done ? { bars, lines } : null;
    },
    { figure: handle, expected },
  );
  try {
    return (await (await drawn).jsonValue()) as ChartDrawing;
  } catch (error) {
    // Not the expected drawing in time: answer what is drawn, for the caller's assertion to show.
    if (!expected) throw error;
    return waitForChartData(page, title);
  }
}

/** Which report each chart draws. */
const CHART_REPORTS: Record<ChartTitle, string> = {
  'Referral sources': 'referral-sources',
  'Wait times': 'wait-times',
  'Active plans by programme': 'active-plans',
  'Payments by kind and status': 'payment-summary',
};

/**
 * What a chart must draw for the period, worked out from its report as the API answers it to
 * the page's user: one bar per value above zero (recharts draws no rectangle for a zero), one
 * line per series with at least one number.
 */
export async function chartDrawingOfReport(page: Page, title: ChartTitle, period: { from: string; to: string }): Promise<ChartDrawing> {
  const report = await apiGet(page, `reports/${CHART_REPORTS[title]}`, period);
  const bars = (rows: Record<string, unknown>[], keys: readonly string[]) =>
    rows.reduce((n, row) => n + keys.filter((key) => Number(row[key]) > 0).length, 0);
  const lines = (rows: Record<string, unknown>[], keys: readonly string[]) =>
    keys.filter((key) => rows.some((row) => row[key] !== null && row[key] !== undefined)).length;
  switch (title) {
    case 'Referral sources':
      return { bars: bars(report.series, report.sources), lines: 0 };
    case 'Wait times':
      return { bars: bars(report.histogram, ['count']), lines: lines(report.series, ['median', 'p90']) };
    case 'Active plans by programme':
      return { bars: 0, lines: lines(report.series, ['CSP', 'SHSS']) };
    case 'Payments by kind and status':
      return { bars: bars(report.series, ['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled']), lines: 0 };
  }
}

/** Resolves when the report for exactly this period has answered (set up before the change that asks for it). */
export function reportAnswered(page: Page, report: string, from: string, to: string): Promise<unknown> {
  return page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === `/api/reports/${report}` && url.searchParams.get('from') === from && url.searchParams.get('to') === to && response.ok();
  });
}

/** The exact value a KPI card links to (its aria-label "<title>: <value>. Open the records counted", or "<titre> : <valeur>. …"). */
export async function kpiValue(page: Page, title: string): Promise<string> {
  const link = card(page, title).getByRole('link');
  await link.waitFor();
  const label = (await link.getAttribute('aria-label')) ?? '';
  return label.slice(title.length).replace(/^\s*:\s*/, '').replace(/\.\s[^.]*$/, '');
}

/** Chooses an option of a MUI select by its label. */
export async function chooseOption(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('listbox').getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

/** The react-admin notification (snackbar) saying `text`. */
export const notification = (page: Page, text: string | RegExp): Locator => page.locator('.MuiSnackbar-root').getByText(text);

/** Polls `read` until `accept` holds (small steps, bounded), answering the last value. */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** Today as YYYY-MM-DD in UTC shifted by `days` (the server's "today" is UTC). */
export function isoDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
