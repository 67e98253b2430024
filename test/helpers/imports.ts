import ExcelJS from 'exceljs';
import request from 'supertest';
import type { TestContext } from './context';

/**
 * Import files and their upload: CSV text from rows (RFC 4180 quoting), an XLSX workbook
 * built with exceljs, and POST /api/<resource>/import as multipart/form-data.
 */
export function csv(rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function xlsx(rows: readonly (readonly unknown[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Import');
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface UploadOptions {
  fileName?: string;
  mapping?: Record<string, string | null>;
  importKey?: string;
  accept?: string;
}

/** POST /api/<path> with the file in the field `file` (and the form fields asked for). */
export function upload(ctx: TestContext, token: string, path: string, file: string | Buffer, options: UploadOptions = {}): request.Test {
  const test = request(ctx.app).post(`/api/${path}`).set('Authorization', `Bearer ${token}`);
  if (options.accept) test.set('Accept', options.accept);
  if (options.mapping) test.field('mapping', JSON.stringify(options.mapping));
  if (options.importKey) test.field('import_key', options.importKey);
  const body = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  return test.attach('file', body, options.fileName ?? (typeof file === 'string' ? 'import.csv' : 'import.xlsx'));
}
