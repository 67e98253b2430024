import { useSearchParams, type NavigateOptions } from 'react-router-dom';
import { currentRoute } from './currentRoute';

/** Query parameters to set; null or '' removes one. */
export type ParamChanges = Record<string, string | number | null>;

/** Changes to the query: parameters to set or remove, or a function that edits the query in place. */
export type ParamUpdate = ParamChanges | ((live: URLSearchParams) => void);

/**
 * The page's query as drawn, and a way to change it that builds on the query as it is now.
 * A change is drawn in a transition; until it is, the drawn query is the one before it, and a
 * second quick change built on it would drop the first. The query in the hash (currentRoute) is
 * written by each navigation at once, so changes start from there. A change replaces the
 * history entry unless `options` say otherwise.
 */
export function useLiveSearchParams(): [URLSearchParams, (update: ParamUpdate, options?: NavigateOptions) => void] {
  const [params, setParams] = useSearchParams();
  const updateParams = (update: ParamUpdate, options?: NavigateOptions) => {
    const next = currentRoute().params;
    if (typeof update === 'function') update(next);
    else {
      for (const [key, value] of Object.entries(update)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      }
    }
    setParams(next, { replace: true, ...options });
  };
  return [params, updateParams];
}
