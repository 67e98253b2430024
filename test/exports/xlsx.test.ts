import ExcelJS from 'exceljs';
import { PassThrough, Readable, Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { columnLetters, writeXlsx } from '../../server/exports/xlsx';

/** A full collection on demand, without starting node with --expose-gc. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const COLUMNS = [
  { key: 'id', header: 'ID' },
  { key: 'name', header: 'Name' },
  { key: 'amount', header: 'Amount' },
  { key: 'on', header: 'Date' },
];

async function* source(rows: Iterable<Record<string, unknown>>) {
  for (const row of rows) yield row;
}

async function xlsxBytes(rows: Iterable<Record<string, unknown>>, columns = COLUMNS, options: { maxSheetRows?: number } = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(out, columns, source(rows), 'Referrals', options);
  await ended;
  return Buffer.concat(chunks);
}

async function roundTrip(rows: Record<string, unknown>[], columns = COLUMNS, options: { maxSheetRows?: number } = {}) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsxBytes(rows, columns, options)) as unknown as ExcelJS.Buffer);
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

  it('writes dates, instants and money as numbers with their formats; a value that is not one stays as it is', async () => {
    const columns = [
      { key: 'on', header: 'On', format: 'date' as const },
      { key: 'at', header: 'At', format: 'instant' as const },
      { key: 'amount', header: 'Amount', format: 'money' as const },
    ];
    const sheet = (
      await roundTrip(
        [
          { on: '2024-02-29', at: new Date('2025-04-01T12:34:56.999Z'), amount: 1234.56 },
          { on: 'not a date', at: '2025-12-31 23:59:59', amount: 'n/a' },
        ],
        columns,
      )
    ).worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, new Date('2024-02-29T00:00:00Z'), new Date('2025-04-01T12:34:56Z'), 1234.56]);
    expect(['A2', 'B2', 'C2'].map((ref) => sheet.getCell(ref).numFmt)).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', '#,##0.00']);
    expect(sheet.getRow(3).values).toEqual([undefined, 'not a date', new Date('2025-12-31T23:59:59Z'), 'n/a']);
  });

  it('streams many rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, name: `Child ${i + 1}`, amount: i, on: '2025-04-01' }));
    const workbook = await roundTrip(rows);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getRow(20_001).getCell(1).value).toBe(20_000);
  });

  it('writes text as text: markup, edge spaces, line breaks (CR included), unicode; booleans; JSON', async () => {
    const texts = ['a & b <c> "d"', '  padded  ', 'line one\nline two\ttab', 'ünïcödé ✓ 𝄞', 'windows\r\nline end'];
    const columns = [
      { key: 'text', header: 'Text' },
      { key: 'flag', header: 'Flag' },
      { key: 'nested', header: 'Nested' },
    ];
    const rows = texts.map((text, i) => ({ text, flag: i % 2 === 0, nested: i === 0 ? { kind: 'base', months: [1, 2] } : null }));
    const sheet = (await roundTrip(rows, columns)).worksheets[0];
    expect(sheet.rowCount).toBe(texts.length + 1);
    expect(texts.map((_, i) => sheet.getRow(i + 2).getCell(1).value)).toEqual(texts);
    expect(texts.map((_, i) => sheet.getRow(i + 2).getCell(2).value)).toEqual([true, false, true, false, true]);
    expect(sheet.getRow(2).getCell(3).value).toBe('{"kind":"base","months":[1,2]}');
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
  });

  it("writes characters XML cannot hold, and _xHHHH_ look-alikes, as OOXML's _xHHHH_ escapes", async () => {
    // Excel and LibreOffice decode these escapes; exceljs' reader shows them as written.
    const sheet = (await roundTrip([{ id: 1, name: 'bell\u0007 and form feed\u000C' }, { id: 2, name: 'literal _x0041_ stays' }])).worksheets[0];
    expect(sheet.getRow(2).getCell(2).value).toBe('bell_x0007_ and form feed_x000C_');
    expect(sheet.getRow(3).getCell(2).value).toBe('literal _x005F_x0041_ stays');
  });

  it('continues on a new sheet, with the header again, when a sheet is full', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, name: `Child ${i + 1}`, amount: i * 10, on: '2025-04-01' }));
    const workbook = await roundTrip(rows, COLUMNS, { maxSheetRows: 3 });
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Referrals', 'Referrals (2)', 'Referrals (3)', 'Referrals (4)']);
    const ids = workbook.worksheets.map((w) => w.getSheetValues().slice(1).map((r) => (r as unknown[])[1]));
    expect(ids).toEqual([['ID', 1, 2], ['ID', 3, 4], ['ID', 5, 6], ['ID', 7]]);
  });

  it('names columns past Z as a spreadsheet does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('writes 200,000 rows with flat memory: it waits for the compressor instead of piling the sheet up', async () => {
    const count = 200_000;
    const columns = [
      ...COLUMNS,
      { key: 'note', header: 'Note' },
      { key: 'source', header: 'Source' },
      { key: 'placed', header: 'Placed' },
      { key: 'at', header: 'Recorded at' },
    ];
    // Live memory — the heap and the buffers outside it, after a full collection — at every
    // 40,000th row the writer pulls. RSS, measured before, also counted the garbage the collector
    // had not yet returned, which grew with the machine's load (60.2 MB once beside the suite,
    // for the same writer); a sheet piling up is live and shows either way. A few collections
    // only: each walks the whole heap of the test worker, which other files have filled.
    const SAMPLE_EVERY = 40_000;
    let kept = 0;
    const live = () => {
      collectGarbage();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external - kept;
    };
    const before = live();
    let peak = before;
    let writing = true;
    const sample = () => {
      if (writing) peak = Math.max(peak, live());
    };
    function* rows() {
      for (let i = 1; i <= count; i += 1) {
        yield {
          id: i,
          name: `Child number ${i} of the large export`,
          amount: i * 0.25,
          on: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
          note: `Referral note ${i}: family asked for a call back after school hours, not before 15:30`,
          source: i % 3 === 0 ? 'school_educator' : 'physician_health',
          placed: i % 2 === 0,
          at: '2025-04-01T12:34:56.789Z',
        };
        if (i % SAMPLE_EVERY === 0) sample();
      }
    }
    // The sink keeps the compressed bytes (a few MB) to read them back afterwards; they are
    // not counted as the writer's.
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        kept += chunk.length;
        callback();
      },
    });
    await writeXlsx(sink, columns, source(rows()), 'Large');
    writing = false;
    // The uncompressed sheet is ~90 MB of XML (~180 MB as JS strings); written as it goes,
    // only a few chunks of it are ever held: 3–4 MB here, 108 MB for a writer that does not
    // wait for the compressor.
    expect((peak - before) / 1e6).toBeLessThan(20);

    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.concat(chunks)]), {
      sharedStrings: 'ignore',
      styles: 'ignore',
      hyperlinks: 'ignore',
      worksheets: 'emit',
    });
    let seen = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        seen += 1;
        if (seen === 1) {
          expect(row.values).toEqual([undefined, ...columns.map((c) => c.header)]);
          continue;
        }
        const i = seen - 1;
        if (i === 1 || i === 99_999 || i === count) {
          const expected = rows();
          let wanted: Record<string, unknown> | undefined;
          for (let k = 0; k < i; k += 1) wanted = expected.next().value as Record<string, unknown>;
          expect(row.values).toEqual([undefined, ...columns.map((c) => wanted![c.key])]);
        } else {
          expect(row.getCell(1).value).toBe(i);
        }
      }
    }
    expect(seen).toBe(count + 1);
    // Reading 200,000 rows back is most of it: ~12 s alone, more beside the rest of the suite.
  }, 120_000);
});
