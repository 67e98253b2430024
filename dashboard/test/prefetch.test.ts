import { authProvider } from '../src/authProvider';
import { queryClient } from '../src/queryClient';
import { reportKey } from '../src/reporting/useReport';

/**
 * Signing in asks for what the landing dashboard shows right away, beside /api/meta, into the
 * cache entries its cards read (dashboard/prefetch.ts) — and nothing for another landing page.
 */
const user = { id: 7, email: 'manager@example.ca', full_name: 'M', role: 'ministry_manager', organization_id: null, organization_name: null, last_login_at: null, places: [] };
const dashboard = { id: 1, title: 'Managers', description: null, owner_id: 1, is_default: true, filters: { period: { preset: 'q1', fiscal_year: 2025 }, organization: true, fields: [] } };
const cards = [
  { id: 1, dashboard_id: 1, question_id: null, report_card: 'kpi.active_plans', x: 0, y: 0, w: 4, h: 3 },
  { id: 2, dashboard_id: 1, question_id: null, report_card: 'chart.referral_sources', x: 0, y: 3, w: 6, h: 8 },
  { id: 3, dashboard_id: 1, question_id: null, report_card: 'chart.active_plans', x: 6, y: 3, w: 6, h: 8 },
  { id: 4, dashboard_id: 1, question_id: 12, report_card: null, x: 0, y: 11, w: 6, h: 8 },
];

function answer(body: unknown, headers: Record<string, string> = {}) {
  return Promise.resolve({
    status: 200,
    statusText: '',
    headers: new Headers({ 'Content-Type': 'application/json', ...headers }),
    text: () => Promise.resolve(JSON.stringify(body)),
  });
}

const requested = () => (globalThis.fetch as jest.Mock).mock.calls.map(([url]) => decodeURIComponent(String(url)));

beforeEach(() => {
  queryClient.clear();
  document.cookie = 'csrf_token=t';
  globalThis.fetch = jest.fn((url: string) => {
    const path = String(url);
    if (path.endsWith('/api/auth/login')) return answer({ token: 't', expires_at: '2026-12-02T00:00:00Z', user });
    if (path.endsWith('/api/meta')) return answer({ user, resources: [] });
    if (path.startsWith('/api/dashboards?')) return answer([dashboard], { 'Content-Range': 'dashboards 0-0/1' });
    if (path.startsWith('/api/dashboard_cards?')) return answer(cards, { 'Content-Range': `dashboard_cards 0-3/${cards.length}` });
    if (path.startsWith('/api/reports/')) return answer({ from: 'the server' });
    return answer({});
  }) as any;
});

async function signInLandingOn(hash: string) {
  window.location.hash = hash;
  await authProvider.login({ email: user.email, password: 'secret' });
  // the prefetch starts once the sign-in has moved to its page, then waits for the cards
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('signing in', () => {
  it("asks for /api/meta, the default dashboard and its cards' reports at once, for the dashboard's period, without /api/auth/me", async () => {
    await signInLandingOn('#/');
    const urls = requested();
    expect(urls.filter((url) => url.endsWith('/api/auth/me'))).toEqual([]);
    expect(urls.some((url) => url.endsWith('/api/meta'))).toBe(true);
    const reports = urls.filter((url) => url.startsWith('/api/reports/')).sort();
    expect(reports).toEqual(['/api/reports/active-plans?from=2025-04-01&to=2025-06-30', '/api/reports/referral-sources?from=2025-04-01&to=2025-06-30']);
    expect(queryClient.getQueryData(reportKey('referral-sources', { from: '2025-04-01', to: '2025-06-30' }))).toEqual({ from: 'the server' });
    await expect(authProvider.getIdentity!()).resolves.toMatchObject({ id: 7, fullName: 'M' });
  });

  it("gives react-admin the permissions (which draw the layout) only once the dashboard's reports are asked for", async () => {
    window.location.hash = '#/';
    await authProvider.login({ email: user.email, password: 'secret' });
    // no waiting here: the first page asks for the permissions right after the sign-in
    const meta = await authProvider.getPermissions!({});
    expect(meta).toMatchObject({ user: { id: 7 } });
    const reports = requested().filter((url) => url.startsWith('/api/reports/')).sort();
    expect(reports).toEqual(['/api/reports/active-plans?from=2025-04-01&to=2025-06-30', '/api/reports/referral-sources?from=2025-04-01&to=2025-06-30']);
  });

  it('holds the permissions at most a second when the cards do not answer', async () => {
    jest.useFakeTimers();
    try {
      const answering = globalThis.fetch as jest.Mock;
      globalThis.fetch = jest.fn((url: string) => (String(url).startsWith('/api/dashboard_cards?') ? new Promise(() => undefined) : answering(url))) as any;
      window.location.hash = '#/';
      await authProvider.login({ email: user.email, password: 'secret' });
      let meta: unknown = null;
      void authProvider.getPermissions!({}).then((m: unknown) => (meta = m));
      await jest.advanceTimersByTimeAsync(900);
      expect(meta).toBeNull();
      await jest.advanceTimersByTimeAsync(200);
      expect(meta).toMatchObject({ user: { id: 7 } });
      expect(requested().filter((url) => url.startsWith('/api/reports/'))).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds nothing when the sign-in lands on another page', async () => {
    jest.useFakeTimers();
    try {
      window.location.hash = '#/children';
      await authProvider.login({ email: user.email, password: 'secret' });
      let meta: unknown = null;
      void authProvider.getPermissions!({}).then((m: unknown) => (meta = m));
      await jest.advanceTimersByTimeAsync(10);
      expect(meta).toMatchObject({ user: { id: 7 } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('asks for no dashboard when the sign-in lands on another page', async () => {
    await signInLandingOn('#/children');
    expect(requested().filter((url) => /\/api\/(dashboards|dashboard_cards|reports)/.test(url))).toEqual([]);
  });
});
