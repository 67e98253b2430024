import simpleRestProvider from 'ra-data-simple-rest';
import type { GetListParams, GetListResult } from 'react-admin';
import { API_URL, httpClient } from './http';

/** Sent with `true` when a list's total is the server's cap and there are more records (docs/api.md). */
export const TOTAL_CAPPED_HEADER = 'X-Total-Capped';

/**
 * ra-data-simple-rest's getList, which keeps only the number in Content-Range, plus
 * `meta.totalCapped` when the server capped the total: the list pages with that number
 * either way, and its pagination can say "more than".
 */
export async function getListWithCappedTotal(resource: string, params: GetListParams): Promise<GetListResult> {
  let capped = false;
  const provider = simpleRestProvider(API_URL, async (url, options) => {
    const response = await httpClient(url, options);
    capped = response.headers.get(TOTAL_CAPPED_HEADER) === 'true';
    return response;
  });
  const result = await provider.getList(resource, params);
  return capped ? { ...result, meta: { ...result.meta, totalCapped: true } } : result;
}
