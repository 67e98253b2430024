import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Column } from './send';
import { waitForDrain } from './backpressure';

/**
 * Writes rows as one XLSX worksheet to `out`, streaming: exceljs' WorkbookWriter without
 * shared strings or styles keeps nothing but the current row, and each row is committed as it
 * arrives. Text goes in as inline strings, which a spreadsheet never evaluates, so no formula
 * neutralisation is needed here. Nested values (jsonb) are written as JSON text, instants
 * (JS Dates) as ISO-8601 text, like the JSON API.
 */
export async function writeXlsx(
  out: Writable,
  columns: readonly Column[],
  rows: AsyncIterable<Record<string, unknown>>,
  sheetName = 'Data',
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ key: c.key, width: Math.min(60, Math.max(10, c.header.length + 2)) }));
  sheet.addRow(columns.map((c) => c.header)).commit();
  for await (const row of rows) {
    sheet.addRow(columns.map((c) => cellValue(row[c.key]))).commit();
    if (out.writableNeedDrain) await waitForDrain(out);
    if (out.destroyed) return;
  }
  sheet.commit();
  await workbook.commit();
}

function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
