import { HttpError } from 'react-admin';
import { localisedError } from './serverMessages';
import { withApiHeaders } from './http';

export type DownloadFormat = 'csv' | 'xlsx';

export interface DownloadProgress {
  bytes: number;
  total: number | null;
}

/** The file name from Content-Disposition, or a fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

async function readError(response: Response): Promise<never> {
  let body: any = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  throw localisedError(new HttpError(body?.message || response.statusText, response.status, body));
}

/**
 * Fetch a file as a stream, reporting the bytes received, then hand it to the browser as a
 * download through a blob link.
 */
export async function downloadFile(
  url: string,
  fallbackName: string,
  onProgress: (progress: DownloadProgress) => void = () => {},
): Promise<void> {
  const response = await fetch(url, withApiHeaders({ method: 'GET', headers: {} }));
  if (!response.ok) await readError(response);
  const lengthHeader = response.headers.get('Content-Length');
  const total = lengthHeader ? Number(lengthHeader) : null;
  const chunks: BlobPart[] = [];
  let bytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value as BlobPart);
      bytes += value.byteLength;
      onProgress({ bytes, total });
    }
  } else {
    const blob = await response.blob();
    chunks.push(blob);
    onProgress({ bytes: blob.size, total });
  }
  const blob = new Blob(chunks, { type: response.headers.get('Content-Type') ?? 'application/octet-stream' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
