import { drillDowns } from '../src/dashboard/drillDown';
import { explanationParams, explanationUrl, readFigure } from '../src/reporting/explanation';
import { readPeriod } from '../src/reporting/period';

const q1 = readPeriod(new URLSearchParams('fy=2025&period=q1&org=4'), '2025-11-15');
const parts = (url: string) => {
  const [path, query] = url.split('?');
  return { path, params: Object.fromEntries(new URLSearchParams(query)) };
};

describe('drill-down links', () => {
  it('opens the explanation of the bar clicked, keeping the period and organisation', () => {
    expect(parts(drillDowns.referralSources(q1, { bucket: '2025-05', series: 'school_educator' }))).toEqual({
      path: '/reports/referral-sources/explain',
      params: { key: 'school_educator', bucket: '2025-05', fy: '2025', period: 'q1', org: '4' },
    });
  });

  it("opens a chart's figure over the whole period when nothing was clicked", () => {
    expect(parts(drillDowns.referralSources(q1, {}))).toEqual({
      path: '/reports/referral-sources/explain',
      params: { key: 'total', fy: '2025', period: 'q1', org: '4' },
    });
    expect(parts(drillDowns.waitTimes(q1, {})).params.key).toBe('initiations');
  });

  it('opens a payment stack by its kind or status, a histogram bar by its days', () => {
    expect(parts(drillDowns.paymentSummary(q1, { bucket: '2025-06', series: 'paid' })).params).toMatchObject({ key: 'paid', bucket: '2025-06' });
    expect(parts(drillDowns.waitTimes(q1, { bucket: '31-60', series: 'initiations' })).params).toMatchObject({ key: 'initiations', bucket: '31-60' });
  });
});

describe('an explanation page', () => {
  it('reads back the figure of its URL, and asks the API for it with the period', () => {
    const url = explanationUrl({ report: 'active-plans', key: 'SHSS', bucket: '2025-06' }, q1);
    const figure = readFigure('active-plans', new URLSearchParams(url.split('?')[1]));
    expect(figure).toEqual({ report: 'active-plans', key: 'SHSS', bucket: '2025-06' });
    expect(explanationParams(figure!, q1)).toEqual({ from: '2025-04-01', to: '2025-06-30', organization_id: 4, key: 'SHSS', bucket: '2025-06' });
    expect(readFigure('active-plans', new URLSearchParams('fy=2025'))).toBeNull();
  });
});
