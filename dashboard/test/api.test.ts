import { readCookie, toQueryString, withApiHeaders } from '../src/api/http';
import { fileNameFrom } from '../src/api/download';
import { downloadUrl, manyRequests, reportUrl } from '../src/dataProvider';

describe('cookies and the CSRF header', () => {
  it('reads the csrf_token cookie among others', () => {
    expect(readCookie('csrf_token', 'sid=abc; csrf_token=t%2Bk=1; lang=fr')).toBe('t+k=1');
    expect(readCookie('missing', 'sid=abc')).toBeNull();
  });

  it('sends X-CSRF-Token on writes and cookies on every request', () => {
    document.cookie = 'csrf_token=secret';
    const write = withApiHeaders({ method: 'PUT' });
    expect((write.headers as Headers).get('X-CSRF-Token')).toBe('secret');
    expect(write.credentials).toBe('include');
  });

  it('sends no CSRF header on reads, and keeps the headers it was given', () => {
    document.cookie = 'csrf_token=secret';
    const read = withApiHeaders({ headers: new Headers({ 'X-Request-Id': 'r1' }) });
    expect((read.headers as Headers).get('X-CSRF-Token')).toBeNull();
    expect((read.headers as Headers).get('X-Request-Id')).toBe('r1');
    expect((read.headers as Headers).get('Accept')).toBe('application/json');
  });
});

describe('report and download URLs', () => {
  it('leaves empty parameters out', () => {
    expect(toQueryString({ from: '2025-04-01', to: '2025-06-30', organization_id: undefined, q: '' })).toBe('from=2025-04-01&to=2025-06-30');
  });

  it('asks a report for its JSON', () => {
    expect(reportUrl('wait-times', { from: '2025-04-01', to: '2025-06-30', organization_id: 2 })).toBe(
      '/api/reports/wait-times?from=2025-04-01&to=2025-06-30&organization_id=2',
    );
  });

  it('downloads a report as CSV with the same parameters, in the screen language', () => {
    expect(downloadUrl('reports/csp-measures', { query: { from: '2025-04-01', to: '2025-12-31' } }, 'csv')).toBe(
      '/api/reports/csp-measures?from=2025-04-01&to=2025-12-31&format=csv&lang=en',
    );
  });

  it('downloads a filtered, sorted list as XLSX', () => {
    const url = downloadUrl('referrals', { filter: { source_type: 'other' }, sort: { field: 'referral_date', order: 'DESC' } }, 'xlsx');
    const params = new URLSearchParams(url.split('?')[1]);
    expect(url.startsWith('/api/referrals?')).toBe(true);
    expect(params.get('format')).toBe('xlsx');
    expect(params.get('lang')).toBe('en'); // headers and labels in the screen's language
    expect(JSON.parse(params.get('sort')!)).toEqual(['referral_date', 'DESC']);
    expect(JSON.parse(params.get('filter')!)).toEqual({ source_type: 'other' });
  });

  it('names the saved file after Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="referrals-2025.csv"', 'x.csv')).toBe('referrals-2025.csv');
    expect(fileNameFrom("attachment; filename*=UTF-8''mesures%20PCS.xlsx", 'x.xlsx')).toBe('mesures PCS.xlsx');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});

describe('getMany', () => {
  it('asks for as many rows as ids, since the server answers 25 without a range', () => {
    expect(manyRequests('users', [3, 7, 9])).toEqual([
      { url: `/api/users?${new URLSearchParams({ filter: '{"id":[3,7,9]}', range: '[0,2]' })}` },
    ]);
  });

  it('asks in pages of 1000, sending a page too long for an address to POST /api/<resource>/search', () => {
    const ids = Array.from({ length: 1500 }, (_, i) => 1_000_000 + i);
    const [first, second, ...more] = manyRequests('children', ids);
    // 1,000 seven-digit ids make a 10 KB address; 500 make 5 KB
    expect(first).toEqual({ url: '/api/children/search', options: { method: 'POST', body: JSON.stringify({ filter: { id: ids.slice(0, 1000) }, range: [0, 999] }) } });
    expect(second.options).toBeUndefined();
    expect(new URL(second.url, 'http://x').searchParams.get('range')).toBe('[0,499]');
    expect(more).toEqual([]);
  });
});
