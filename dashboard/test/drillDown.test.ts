import { drillDowns, listUrl } from '../src/dashboard/drillDown';
import { readPeriod } from '../src/reporting/period';

const filterOf = (url: string) => JSON.parse(new URLSearchParams(url.split('?')[1]).get('filter')!);
const q1 = readPeriod(new URLSearchParams('fy=2025&period=q1&org=4'), '2025-11-15');

describe('drill-down links', () => {
  it('builds a react-admin list URL with a JSON filter, keeping null and dropping undefined', () => {
    expect(filterOf(listUrl('referral_children', { closed_on: null, eligibility: undefined }))).toEqual({ closed_on: null });
    expect(listUrl('x', {}).startsWith('/x?filter=')).toBe(true);
  });

  it('opens the referrals of the whole period and organisation', () => {
    expect(filterOf(drillDowns.referralSources(q1, {}))).toEqual({
      referral_date_gte: '2025-04-01',
      referral_date_lte: '2025-06-30',
      organization_id: 4,
    });
  });

  it('opens the May referrals from schools when that bar segment is clicked', () => {
    expect(filterOf(drillDowns.referralSources(q1, { period: '2025-05', series: 'school_educator' }))).toEqual({
      referral_date_gte: '2025-05-01',
      referral_date_lte: '2025-05-31',
      source_type: 'school_educator',
      organization_id: 4,
    });
  });

  it('filters payments by kind or by status depending on the stack clicked', () => {
    expect(filterOf(drillDowns.paymentSummary(q1, { period: '2025-06', series: 'support' }))).toMatchObject({ kind: 'support' });
    expect(filterOf(drillDowns.paymentSummary(q1, { period: '2025-06', series: 'paid' }))).toMatchObject({ status: 'paid' });
  });

  it('opens the CSP plans initiated in the period', () => {
    expect(filterOf(drillDowns.waitTimes(q1, {}))).toMatchObject({ program: 'CSP', initiated_on_gte: '2025-04-01', initiated_on_lte: '2025-06-30' });
  });
});

describe('the children waiting card', () => {
  it('opens the eligible referrals of children that are not closed', () => {
    expect(filterOf(drillDowns.waitingChildren())).toEqual({ eligibility: 'eligible', closed_on: null });
  });
});
