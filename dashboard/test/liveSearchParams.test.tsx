import { act, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { useLiveSearchParams, type ParamUpdate } from '../src/common/useLiveSearchParams';
import { presetRange } from '../src/reporting/period';
import { usePeriod, type PeriodChange } from '../src/reporting/usePeriod';

/**
 * Query changes build on the query in the hash, not on the query drawn: a change is drawn in a
 * transition, and two changes made before the first is drawn both stay. The app routes in the
 * hash with react-admin's data router, as here.
 */
let updateParams: (update: ParamUpdate, options?: { replace?: boolean }) => void;
let setPeriod: (change: PeriodChange) => void;

const Query = () => {
  const [params, update] = useLiveSearchParams();
  updateParams = update;
  return <output aria-label="query">{params.toString()}</output>;
};

const Period = () => {
  const [period, set] = usePeriod();
  setPeriod = set;
  return <output aria-label="period">{`${period.preset} ${period.organizationId}`}</output>;
};

function renderAt(hash: string, page: ReactElement) {
  window.location.hash = hash;
  render(<RouterProvider router={createHashRouter([{ path: '*', element: page }])} />);
}

/** A navigation writes the hash a few microtasks after it is asked for; a user's next click comes later still. */
const nextClick = () => new Promise(resolve => setTimeout(resolve, 0));
const hashQuery = () => Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] ?? ''));

describe('useLiveSearchParams', () => {
  it('keeps both of two changes made before the first is drawn', async () => {
    renderAt('#/compliance?view=list', <Query />);
    await act(async () => {
      updateParams({ org: 3 });
      await nextClick();
      expect(screen.getByLabelText('query').textContent).toBe('view=list'); // the first change is not drawn yet
      updateParams(live => live.set('rule', live.get('org') === '3' ? 'seen_org' : 'missed_org'));
      await nextClick();
    });
    expect(hashQuery()).toEqual({ view: 'list', org: '3', rule: 'seen_org' });
    expect(screen.getByLabelText('query').textContent).toBe('view=list&org=3&rule=seen_org');
  });

  it("removes a parameter set to null or '', and replaces the history entry unless told not to", async () => {
    renderAt('#/compliance?view=list&org=3&rule=x', <Query />);
    const entries = window.history.length;
    await act(async () => {
      updateParams({ org: null, rule: '', month: '2026-01-01' });
      await nextClick();
    });
    expect(hashQuery()).toEqual({ view: 'list', month: '2026-01-01' });
    expect(window.history.length).toBe(entries);
    await act(async () => {
      updateParams({ view: null }, { replace: false });
      await nextClick();
    });
    expect(hashQuery()).toEqual({ month: '2026-01-01' });
    expect(window.history.length).toBe(entries + 1);
  });
});

describe('usePeriod', () => {
  it('keeps an organisation chosen just before a period', async () => {
    renderAt('#/reports/payment-summary?fy=2025&period=final&contract=9', <Period />);
    await act(async () => {
      setPeriod(current => ({ ...current, organizationId: 3 }));
      await nextClick();
      expect(screen.getByLabelText('period').textContent).toBe('final null'); // not drawn yet
      setPeriod(current => ({ ...current, preset: 'q1', ...presetRange('q1', current.fiscalYear) }));
      await nextClick();
    });
    expect(hashQuery()).toEqual({ contract: '9', fy: '2025', period: 'q1', org: '3' });
    expect(screen.getByLabelText('period').textContent).toBe('q1 3');
  });
});
