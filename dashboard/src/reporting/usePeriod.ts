import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { toIsoDate } from '../meta/format';
import { readPeriod, writePeriod, type PeriodDefault, type PeriodState } from './period';

/** The reporting period and organisation, kept in the URL so a view can be shared or reloaded. */
export function usePeriod(fallback?: PeriodDefault): [PeriodState, (next: PeriodState) => void] {
  const [params, setParams] = useSearchParams();
  const preset = fallback?.preset;
  const year = fallback?.fiscal_year;
  const state = useMemo(
    () => readPeriod(params, toIsoDate(new Date()), preset ? { preset, fiscal_year: year ?? null } : undefined),
    [params, preset, year],
  );
  const setState = (next: PeriodState) => {
    const merged = new URLSearchParams(params);
    for (const key of ['fy', 'period', 'from', 'to', 'org']) merged.delete(key);
    for (const [key, value] of Object.entries(writePeriod(next))) merged.set(key, value);
    setParams(merged, { replace: true });
  };
  return [state, setState];
}
