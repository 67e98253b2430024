import { HttpError } from 'react-admin';
import type { ImportAnswer, ImportColumns, ImportMapping, ImportProgress } from '../../../contract/imports';
import { API_URL, httpClient, withApiHeaders } from '../api/http';

/**
 * The import's two requests (docs/imports.md): the file's header row and a suggested mapping
 * (POST /api/<resource>/import/columns), and the import itself as NDJSON — a progress line per
 * batch of rows, then the answer — so the page can show how far it is and cancel it (aborting
 * the request makes the server roll back).
 */
export type ImportOutcome = ImportAnswer & { message?: string };

function form(file: File, mapping?: ImportMapping): FormData {
  const body = new FormData();
  if (mapping) body.append('mapping', JSON.stringify(mapping));
  body.append('file', file, file.name);
  return body;
}

export async function readColumns(resource: string, file: File): Promise<ImportColumns> {
  return (await httpClient(`${API_URL}/${resource}/import/columns`, { method: 'POST', body: form(file) })).json;
}

/** Each complete line of an NDJSON stream, parsed, as it arrives. */
export async function readLines(stream: ReadableStream<Uint8Array>, onLine: (value: any) => void): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(JSON.parse(line));
    if (done) break;
  }
  if (buffer.trim()) onLine(JSON.parse(buffer));
}

export interface ImportOptions {
  mapping: ImportMapping;
  dryRun: boolean;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress) => void;
}

export async function runImport(resource: string, file: File, options: ImportOptions): Promise<ImportOutcome> {
  const url = `${API_URL}/${resource}/import${options.dryRun ? '?dry_run=1' : ''}`;
  const init = withApiHeaders({ method: 'POST', headers: { Accept: 'application/x-ndjson' } });
  const response = await fetch(url, { method: 'POST', body: form(file, options.mapping), headers: init.headers as Headers, credentials: 'include', signal: options.signal });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    throw new HttpError(body?.message || response.statusText, response.status, body);
  }
  let last: any = null;
  await readLines(response.body, line => {
    if (line.progress) options.onProgress(line.progress);
    else last = line;
  });
  if (!last || !('status' in last)) throw new HttpError(last?.message ?? 'The import ended without an answer', 500, last);
  return last;
}
