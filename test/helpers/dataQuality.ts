import type { DataQualityScorecard } from '../../contract/dataQuality';
import type { DataQualityCheck } from '../../contract/enums';
import type { ApiClient } from './context';

export async function scorecardOf(api: ApiClient, query = ''): Promise<DataQualityScorecard> {
  const res = await api.get(`/api/data_quality${query}`);
  if (res.status !== 200) throw new Error(`GET /api/data_quality answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A check's count in the caller's scorecard. */
export async function countOf(api: ApiClient, check: DataQualityCheck): Promise<number> {
  return (await scorecardOf(api)).checks.find((c) => c.key === check)!.total;
}

/** The ids of the records a count opens (first 1000), and the total its Content-Range gives. */
export async function recordsOf(api: ApiClient, check: DataQualityCheck, filter: Record<string, unknown> = {}): Promise<{ ids: (number | string)[]; total: number }> {
  const res = await api.get(`/api/data_quality/${check}/records?range=[0,999]&sort=["id","ASC"]&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  if (res.status !== 200) throw new Error(`GET records of ${check} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ids: res.body.map((r: { id: number | string }) => r.id), total: Number(String(res.headers['content-range']).split('/')[1]) };
}
