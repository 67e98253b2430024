import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readPeriod, writePeriod, type PeriodState } from './period';

/** The reporting period and organisation, kept in the URL so a view can be shared or reloaded. */
export function usePeriod(): [PeriodState, (next: PeriodState) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readPeriod(params), [params]);
  const setState = (next: PeriodState) => {
    const merged = new URLSearchParams(params);
    for (const key of ['fy', 'period', 'from', 'to', 'org']) merged.delete(key);
    for (const [key, value] of Object.entries(writePeriod(next))) merged.set(key, value);
    setParams(merged, { replace: true });
  };
  return [state, setState];
}
