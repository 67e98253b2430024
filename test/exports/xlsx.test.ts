import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { writeXlsx } from '../../server/exports/xlsx';

async function roundTrip(rows: Record<string, unknown>[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const columns = [
    { key: 'id', header: 'ID' },
    { key: 'name', header: 'Name' },
    { key: 'amount', header: 'Amount' },
    { key: 'on', header: 'Date' },
  ];
  async function* source() {
    for (const row of rows) yield row;
  }
  await writeXlsx(out, columns, source(), 'Referrals');
  await ended;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return workbook;
}

describe('XLSX downloads', () => {
  it('reads back as written: a header row, then the rows with their types', async () => {
    const workbook = await roundTrip([
      { id: 1, name: 'Frédérique', amount: 1250.25, on: '2025-04-01' },
      { id: 2, name: '=1+1', amount: -5, on: null },
    ]);
    const sheet = workbook.getWorksheet('Referrals')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).values).toEqual([undefined, 'ID', 'Name', 'Amount', 'Date']);
    expect(sheet.getRow(2).values).toEqual([undefined, 1, 'Frédérique', 1250.25, '2025-04-01']);
    // Text is stored as text, never as a formula.
    expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(2).value).toBe('=1+1');
    expect(sheet.getRow(3).getCell(3).value).toBe(-5);
    expect(sheet.getRow(3).getCell(4).value).toBeNull();
  });

  it('streams many rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, name: `Child ${i + 1}`, amount: i, on: '2025-04-01' }));
    const workbook = await roundTrip(rows);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getRow(20_001).getCell(1).value).toBe(20_000);
  });
});
