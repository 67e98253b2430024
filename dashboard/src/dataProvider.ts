import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier, RaRecord, SortPayload } from 'react-admin';
import type { ApiKeyInfo, CreatedApiKey } from '../../contract/auth';
import type { CardRun, DashboardFilterValues, QuestionAnswer, QuestionFields, QuestionSpec } from '../../contract/questions';
import type { ImportColumns, RecordHistory, RestoreRequest } from '../../contract/imports';
import type { ExplanationRow, ExplanationSummary } from '../../contract/reports';
import { API_URL, httpClient, toQueryString } from './api/http';
import { getListWithCappedTotal } from './api/cappedTotal';
import { withoutStaleFieldErrors } from './api/staleVersion';
import { downloadFile, type DownloadFormat, type DownloadProgress } from './api/download';
import { i18nProvider } from './i18n';
import { readColumns, runImport, type ImportOutcome, type ImportOptions } from './imports/importApi';
import { writablePayload } from './meta/fields';
import { currentMeta, findResource } from './meta/store';

export interface DownloadParams {
  filter?: Record<string, unknown>;
  sort?: SortPayload;
  /** report parameters (from, to, organization_id, ...) instead of list filter and sort */
  query?: Record<string, unknown>;
}

export interface PortalDataProvider extends DataProvider {
  action: (resource: string, id: Identifier, name: string, body?: Record<string, unknown>) => Promise<{ data: RaRecord }>;
  /**
   * GET /api/reports/<name>: a report's JSON. `signal` (react-query's) cancels the request, and
   * the server then stops running the report (server/http/cancelOnClose.ts).
   */
  report: <T = any>(name: string, params: Record<string, unknown>, options?: { signal?: AbortSignal }) => Promise<T>;
  /** POST /api/report_submissions: submit the caller's organisation's CSP measures for a period */
  submitMeasures: (body: { fiscal_year: number; period: string; note?: string | null; reason?: string | null }) => Promise<RaRecord>;
  /**
   * GET /api/<path>?<query> of a computed view (the compliance calendar, the scorecard, the
   * reconciliation work list): its JSON, and the total of a list's Content-Range (null without one).
   */
  computed: <T = any>(path: string, query?: Record<string, unknown>) => Promise<{ data: T; total: number | null }>;
  /** GET /api/reports/<name>/explanation: what a figure is and how it follows from its rows */
  explanation: (name: string, params: Record<string, unknown>) => Promise<ExplanationSummary>;
  /** GET /api/reports/<name>/records: one page of a figure's rows, and how many there are */
  explanationRows: (
    name: string,
    params: Record<string, unknown>,
    page: { range: [number, number]; sort: [string, 'ASC' | 'DESC'] },
  ) => Promise<{ rows: ExplanationRow[]; total: number }>;
  /** POST /api/questions/run: a question's answer (docs/questions.md) */
  askQuestion: (spec: QuestionSpec) => Promise<QuestionAnswer>;
  /** GET /api/questions/fields: what a question over the resource can group by, measure and filter on */
  questionFields: (resource: string) => Promise<QuestionFields>;
  /** GET /api/dashboard_cards/:id/run: one card's answer with the dashboard's filter values */
  runCard: (id: number, filters: DashboardFilterValues) => Promise<CardRun>;
  /** POST /api/jobs/<name>/run: the job's run record (status, summary) */
  runJob: (name: string, body?: { as_of?: string | null }) => Promise<Record<string, any>>;
  download: (
    resource: string,
    params: DownloadParams,
    format: DownloadFormat,
    onProgress?: (progress: DownloadProgress) => void,
  ) => Promise<void>;
  /** the signed-in user's own API keys (/api/auth/api_keys) */
  listApiKeys: () => Promise<ApiKeyInfo[]>;
  createApiKey: (input: { name: string; expires_in_days: number | null }) => Promise<CreatedApiKey>;
  revokeApiKey: (id: number) => Promise<ApiKeyInfo>;
  /** GET /api/<resource>/:id/history: the record's audit entries, field by field */
  history: (resource: string, id: Identifier) => Promise<RecordHistory>;
  /** POST /api/<resource>/:id/restore: an earlier value put back; the record as an update answers it */
  restore: (resource: string, id: Identifier, request: RestoreRequest) => Promise<RaRecord>;
  /** POST /api/<resource>/import/columns: a file's header row and the mapping to start from */
  importColumns: (resource: string, file: File) => Promise<ImportColumns>;
  /** POST /api/<resource>/import as NDJSON: progress as it goes, then the answer (a refusal too) */
  importFile: (resource: string, file: File, options: ImportOptions) => Promise<ImportOutcome>;
}

const API_KEYS_URL = `${API_URL}/auth/api_keys`;

/** `/api/<resource>?format=csv&lang=<the screen's language>&...` for a list, `/api/reports/<name>?...&format=csv&lang=…` for a report. */
export function downloadUrl(resource: string, params: DownloadParams, format: DownloadFormat): string {
  const query = params.query
    ? { ...params.query, format, lang: i18nProvider.getLocale() }
    : {
        format,
        lang: i18nProvider.getLocale(),
        sort: params.sort ? [params.sort.field, params.sort.order] : undefined,
        filter: params.filter ?? {},
      };
  return `${API_URL}/${resource}?${toQueryString(query)}`;
}

export function reportUrl(name: string, params: Record<string, unknown>): string {
  return `${API_URL}/reports/${name}?${toQueryString(params)}`;
}

/** The server's largest range, and the longest address sent as a GET (it takes 16 KB of address and headers). */
const MAX_ROWS = 1000;
const LONG_ADDRESS = 8000;

/**
 * The requests of a getMany: pages of at most 1000 ids, each with its range (without one the
 * server answers its default 25 rows), each a GET unless its address would be too long, then
 * the same parameters as the body of POST /api/<resource>/search.
 */
export function manyRequests(resource: string, ids: readonly Identifier[]): { url: string; options?: { method: 'POST'; body: string } }[] {
  const requests = [];
  for (let start = 0; start < ids.length; start += MAX_ROWS) {
    const page = ids.slice(start, start + MAX_ROWS);
    const params = { filter: { id: page }, range: [0, page.length - 1] };
    const url = `${API_URL}/${resource}?${toQueryString(params)}`;
    requests.push(url.length <= LONG_ADDRESS ? { url } : { url: `${API_URL}/${resource}/search`, options: { method: 'POST' as const, body: JSON.stringify(params) } });
  }
  return requests;
}

const base = simpleRestProvider(API_URL, httpClient);

export const dataProvider: PortalDataProvider = {
  ...base,
  getList: getListWithCappedTotal,
  getMany: async (resource, params) => {
    const pages = await Promise.all(manyRequests(resource, params.ids).map(({ url, options }) => httpClient(url, options)));
    return { data: pages.flatMap(({ json }) => json) };
  },
  create: (resource, params) =>
    base.create(resource, { ...params, data: writablePayload(findResource(currentMeta(), resource), params.data) }),
  update: (resource, params) =>
    base.update(resource, { ...params, data: writablePayload(findResource(currentMeta(), resource), params.data) }).catch(withoutStaleFieldErrors),
  action: async (resource, id, name, body = {}) => {
    const { json } = await httpClient(`${API_URL}/${resource}/${encodeURIComponent(String(id))}/${name}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return { data: json };
  },
  submitMeasures: async body => (await httpClient(`${API_URL}/report_submissions`, { method: 'POST', body: JSON.stringify(body) })).json,
  report: async (name, params, options = {}) => {
    const { json } = await httpClient(reportUrl(name, params), { signal: options.signal });
    return json;
  },
  computed: async (path, query = {}) => {
    const search = toQueryString(query);
    const { json, headers } = await httpClient(`${API_URL}/${path}${search ? `?${search}` : ''}`);
    const range = headers.get('Content-Range');
    return { data: json, total: range ? Number(range.split('/').pop()) : null };
  },
  explanation: async (name, params) => {
    const { json } = await httpClient(reportUrl(`${name}/explanation`, params));
    return json;
  },
  explanationRows: async (name, params, page) => {
    const { json, headers } = await httpClient(reportUrl(`${name}/records`, { ...params, range: page.range, sort: page.sort }));
    return { rows: json, total: Number((headers.get('Content-Range') ?? '').split('/').pop()) || 0 };
  },
  askQuestion: async spec => (await httpClient(`${API_URL}/questions/run`, { method: 'POST', body: JSON.stringify(spec) })).json,
  questionFields: async resource => (await httpClient(`${API_URL}/questions/fields?${toQueryString({ resource })}`)).json,
  runCard: async (id, filters) => (await httpClient(`${API_URL}/dashboard_cards/${id}/run?${toQueryString({ filters })}`)).json,
  runJob: async (name, body = {}) => {
    const { json } = await httpClient(`${API_URL}/jobs/${encodeURIComponent(name)}/run`, { method: 'POST', body: JSON.stringify(body) });
    return json;
  },
  download: (resource, params, format, onProgress) =>
    downloadFile(downloadUrl(resource, params, format), `${resource.replace(/\//g, '-')}.${format}`, onProgress),
  listApiKeys: async () => (await httpClient(API_KEYS_URL)).json,
  createApiKey: async input => (await httpClient(API_KEYS_URL, { method: 'POST', body: JSON.stringify(input) })).json,
  revokeApiKey: async id => (await httpClient(`${API_KEYS_URL}/${id}`, { method: 'DELETE' })).json,
  history: async (resource, id) => (await httpClient(`${API_URL}/${resource}/${encodeURIComponent(String(id))}/history`)).json,
  restore: async (resource, id, request) =>
    (await httpClient(`${API_URL}/${resource}/${encodeURIComponent(String(id))}/restore`, { method: 'POST', body: JSON.stringify(request) })).json,
  importColumns: readColumns,
  importFile: runImport,
};
