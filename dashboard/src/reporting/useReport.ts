import { useQuery } from '@tanstack/react-query';
import { useLogoutIfAccessDenied } from 'react-admin';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { reportParams, type PeriodState } from './period';

/** One report's JSON for the period; cards asking for the same report share one request. */
export function useReport<T>(name: string, period: PeriodState) {
  const dataProvider = usePortalDataProvider();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const params = reportParams(period);
  return useQuery({
    queryKey: ['report', name, params],
    queryFn: async () => {
      try {
        return await dataProvider.report<T>(name, params);
      } catch (error) {
        // an expired session (401) goes back to the sign-in page, as for every other request
        await logoutIfAccessDenied(error);
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
