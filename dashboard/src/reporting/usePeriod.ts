import { useMemo } from 'react';
import { useLiveSearchParams } from '../common/useLiveSearchParams';
import { toIsoDate } from '../meta/format';
import { PERIOD_PARAMS, readPeriod, writePeriod, type PeriodDefault, type PeriodState } from './period';

/**
 * A new period, or how to make it from the period as it is now. The pickers give a function:
 * until a change is drawn, the period they show is the one before it, and a second quick
 * change made from that would drop the first.
 */
export type PeriodChange = PeriodState | ((current: PeriodState) => PeriodState);

/** The reporting period and organisation, kept in the URL so a view can be shared or reloaded. */
export function usePeriod(fallback?: PeriodDefault): [PeriodState, (change: PeriodChange) => void] {
  const [params, updateParams] = useLiveSearchParams();
  const preset = fallback?.preset;
  const year = fallback?.fiscal_year;
  const periodDefault = useMemo(() => (preset ? { preset, fiscal_year: year ?? null } : undefined), [preset, year]);
  const state = useMemo(() => readPeriod(params, toIsoDate(new Date()), periodDefault), [params, periodDefault]);
  const setState = (change: PeriodChange) =>
    updateParams(live => {
      const next = typeof change === 'function' ? change(readPeriod(live, toIsoDate(new Date()), periodDefault)) : change;
      for (const key of PERIOD_PARAMS) live.delete(key);
      for (const [key, value] of Object.entries(writePeriod(next))) live.set(key, value);
    });
  return [state, setState];
}
