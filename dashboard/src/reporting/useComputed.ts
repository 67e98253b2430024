import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLogoutIfAccessDenied } from 'react-admin';
import { usePortalDataProvider } from '../common/usePortalDataProvider';

/**
 * A computed view's JSON (the compliance calendar and list, the scorecard, the reconciliation
 * work list) and a list's total; the previous answer stays on screen while the next one loads.
 */
export function useComputed<T>(path: string, query: Record<string, unknown>, enabled = true) {
  const dataProvider = usePortalDataProvider();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  return useQuery({
    queryKey: ['computed', path, query],
    queryFn: async () => {
      try {
        return await dataProvider.computed<T>(path, query);
      } catch (error) {
        await logoutIfAccessDenied(error);
        throw error;
      }
    },
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
