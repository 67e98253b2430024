import ExcelJS from 'exceljs';
import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { streamQuery } from '../../server/exports/queryStream';
import { sendDownload } from '../../server/exports/send';
import { useTestDatabase } from '../helpers/testDb';

/** sendDownload + streamQuery end to end, on a bare Express app over a real database. */
const db = useTestDatabase();
let app: express.Express;

const columns = [
  { key: 'id', header: 'id' },
  { key: 'label', header: 'label' },
  { key: 'day', header: 'day' },
];

function poolInUse(): number {
  return db.knex.client.pool.numUsed() + db.knex.client.pool.numPendingCreates();
}

beforeAll(async () => {
  app = express();
  app.get('/rows', async (req, res) => {
    const count = Number(req.query.count);
    const query = db.knex.raw(
      `select g as id, case when g % 2 = 0 then '=cmd' else 'row, ' || g end as label, date '2025-04-01' + g % 30 as day
       from generate_series(1, ?::int) g`,
      [count],
    );
    const format = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
    await sendDownload(res, { filename: 'rows', format, columns, rows: streamQuery(db.knex, query, { batchSize: 500 }) });
  });
  // The same rows through PostgreSQL's COPY (a streamQuery) and row by row (a plain array).
  const mixed = `select * from (values
      (1, 'plain', true, 1250.25::numeric(12,2), date '2025-04-01', timestamptz '2025-04-01 12:34:56.789+00', null::text),
      (2, 'comma, and "quotes"', false, -5::numeric(12,2), date '2024-02-29', timestamptz '2025-12-31 23:59:59.001-05', 'line one' || chr(10) || 'line two'),
      (3, '=1+1', null, 100.00::numeric(12,2), null, null, '-2+3'),
      (4, '@SUM(A1)', true, 0.1::numeric(12,2), date '2025-01-01', timestamptz '2025-01-01 00:00:00+00', chr(9) || 'tab')
    ) as t(id, label, flag, amount, day, at, note) order by id`;
  // Row by row an instant arrives as the JSON API's text: the `instant` format says what COPY knows from the type.
  const mixedColumns = ['id', 'label', 'flag', 'amount', 'day', 'at', 'note', 'missing'].map((key) => ({
    key,
    header: key,
    ...(key === 'at' ? { format: 'instant' as const } : {}),
  }));
  app.get('/mixed/copy', async (_req, res) => {
    await sendDownload(res, { filename: 'mixed', format: 'csv', columns: mixedColumns, rows: streamQuery(db.knex, db.knex.raw(mixed)), bom: true });
  });
  app.get('/mixed/rows', async (_req, res) => {
    const { rows } = await db.knex.raw(mixed);
    await sendDownload(res, { filename: 'mixed', format: 'csv', columns: mixedColumns, rows, bom: true });
  });
  app.get('/mixed/xlsx', async (_req, res) => {
    await sendDownload(res, { filename: 'mixed', format: 'xlsx', columns: mixedColumns, rows: streamQuery(db.knex, db.knex.raw(mixed)) });
  });
  // Every kind of value, for the XLSX by COPY against the XLSX row by row.
  const kinds = `select * from (values
      (1, E'back\\\\slash, tab\\t, CR\\r, LF\\n, bell\\007', '{"a": [1, "x"], "b": null}'::jsonb, 'NaN'::float8, 9007199254740991::bigint,
       timestamptz '2025-04-01 12:34:56.789123+00', '', 'ünïcödé ✓ 𝄞', 12.5::numeric(5,2), date '2024-02-29', false),
      (2, null, '"just text"'::jsonb, -0.25::float8, -3::bigint, timestamptz '2025-04-01 00:00:00+00', '=1+1', ' edge ', null, null, null)
    ) as t(id, txt, doc, f, big, at, empty, uni, hours, day, flag) order by id`;
  // Row by row dates and instants are text: the formats say what COPY knows from the types.
  const kindColumns = ['id', 'txt', 'doc', 'f', 'big', 'at', 'empty', 'uni', 'hours', 'day', 'flag', 'missing'].map((key) => ({
    key,
    header: key,
    ...(key === 'day' ? { format: 'date' as const } : key === 'at' ? { format: 'instant' as const } : {}),
  }));
  app.get('/kinds/copy', async (_req, res) => {
    await sendDownload(res, { filename: 'kinds', format: 'xlsx', columns: kindColumns, rows: streamQuery(db.knex, db.knex.raw(kinds)) });
  });
  app.get('/kinds/rows', async (_req, res) => {
    const { rows } = await db.knex.raw(kinds);
    await sendDownload(res, { filename: 'kinds', format: 'xlsx', columns: kindColumns, rows });
  });
  app.get('/filtered', async (req, res) => {
    const query = db.knex.raw(`select g as id, 'x' || g as label from generate_series(1, 100) g where g between ? and ? and 'a%b' like ?`, [
      Number(req.query.low),
      Number(req.query.high),
      'a\\%b',
    ]);
    await sendDownload(res, { filename: 'filtered', format: 'csv', columns: columns.slice(0, 2), rows: streamQuery(db.knex, query) });
  });
  app.get('/broken', async (_req, res) => {
    await sendDownload(res, { filename: 'broken', format: 'csv', columns, rows: streamQuery(db.knex, db.knex.raw('select 1/0 as id')) });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ message: error.message });
  });
});

async function downloadedWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const res = await request(app)
    .get(path)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as ExcelJS.Buffer);
  return workbook;
}

describe('streamed downloads', () => {
  it('streams every row of a query as CSV and gives the connection back', async () => {
    const res = await request(app).get('/rows?count=5000').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="rows.csv"; filename*=UTF-8''rows.csv`);
    const lines = res.text.split('\r\n');
    expect(lines).toHaveLength(5002); // header, 5000 rows, '' after the last CRLF
    expect(lines.slice(0, 4)).toEqual(['id,label,day', '1,"row, 1",2025-04-02', "2,'=cmd,2025-04-03", '3,"row, 3",2025-04-04']);
    expect(lines[5000]).toBe("5000,'=cmd,2025-04-21"); // 5000 % 30 = 20 days after 04-01
    expect(poolInUse()).toBe(0);
  });

  it('sends an answer with headers only, for a query without rows', async () => {
    const res = await request(app).get('/rows?count=0').expect(200);
    expect(res.text).toBe('id,label,day\r\n');
    expect(poolInUse()).toBe(0);
  });

  it('lets a query that fails at once reach the error middleware', async () => {
    const res = await request(app).get('/broken').expect(500);
    expect(res.body.message).toMatch(/division by zero/);
    expect(poolInUse()).toBe(0);
  });

  it("writes the same CSV by PostgreSQL's COPY as row by row, instants in one form: UTC to the second", async () => {
    const byCopy = await request(app).get('/mixed/copy').expect(200);
    const byRows = await request(app).get('/mixed/rows').expect(200);
    const lines = (at: [string, string, string, string]) => [
      '\uFEFFid,label,flag,amount,day,at,note,missing',
      `1,plain,true,1250.25,2025-04-01,${at[0]},,`,
      `2,"comma, and ""quotes""",false,-5,2024-02-29,${at[1]},"line one\nline two",`,
      `3,'=1+1,,100,,${at[2]},'-2+3,`,
      `4,'@SUM(A1),true,0.1,2025-01-01,${at[3]},'\ttab,`,
      '',
    ];
    const instants: [string, string, string, string] = ['2025-04-01 12:34:56', '2026-01-01 04:59:59', '', '2025-01-01 00:00:00'];
    expect(byRows.text.split('\r\n')).toEqual(lines(instants));
    expect(byCopy.text.split('\r\n')).toEqual(lines(instants));
    expect(poolInUse()).toBe(0);
  });

  it('puts the query values in as literals for COPY, % signs and backslashes included', async () => {
    const res = await request(app).get('/filtered?low=3&high=5').expect(200);
    expect(res.text).toBe('id,label\r\n3,x3\r\n4,x4\r\n5,x5\r\n');
  });

  it('streams an XLSX download from the query', async () => {
    const sheet = (await downloadedWorkbook('/mixed/xlsx')).worksheets[0];
    expect(sheet.rowCount).toBe(5);
    // dates and instants typed by COPY are date cells (instants in UTC, to the second)
    expect(sheet.getRow(2).values).toEqual([undefined, 1, 'plain', true, 1250.25, new Date('2025-04-01T00:00:00Z'), new Date('2025-04-01T12:34:56Z')]);
    expect([sheet.getCell('E2').numFmt, sheet.getCell('F2').numFmt]).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss']);
    expect(poolInUse()).toBe(0);
  });

  it('writes the same XLSX from COPY as row by row, whatever the value', async () => {
    const read = async (path: string) => (await downloadedWorkbook(path)).worksheets[0].getSheetValues();
    const byCopy = await read('/kinds/copy');
    expect(byCopy).toEqual(await read('/kinds/rows'));
    expect(byCopy[2]).toEqual([
      undefined, 1, 'back\\slash, tab\t, CR\r, LF\n, bell_x0007_', '{"a":[1,"x"],"b":null}', undefined, 9007199254740991,
      new Date('2025-04-01T12:34:56Z'), undefined, 'ünïcödé ✓ 𝄞', 12.5, new Date('2024-02-29T00:00:00Z'), false,
    ]);
    expect(byCopy[3]).toEqual([undefined, 2, undefined, 'just text', -0.25, -3, new Date('2025-04-01T00:00:00Z'), '=1+1', ' edge ']);
    expect(poolInUse()).toBe(0);
  });

  it('gives the connection back when iteration stops early', async () => {
    let seen = 0;
    for await (const row of streamQuery(db.knex, db.knex.raw('select g from generate_series(1, 100000) g'), { batchSize: 100 })) {
      seen += Number(row.g);
      if (seen >= 10) break;
    }
    expect(seen).toBe(10); // 1 + 2 + 3 + 4
    expect(poolInUse()).toBe(0);
    const { rows } = await db.knex.raw('select 2 as two');
    expect(rows).toEqual([{ two: 2 }]);
  });

  it.each(['csv', 'xlsx'])('reads no further from PostgreSQL than a paused client takes (%s)', async (format) => {
    // 3,000,000 rows (~80 MB of CSV): were the server to buffer what the client does not
    // read, the COPY would run on to the end; held back, it stops once the sockets' buffers
    // are full, and stays there while the client waits.
    const count = 3_000_000;
    const server = http.createServer(app).listen(0);
    const copied = async (): Promise<number | null> => {
      const { rows } = await db.knex.raw(`select tuples_processed::int as n from pg_stat_progress_copy where command = 'COPY TO'`);
      return rows.length ? rows[0].n : null;
    };
    try {
      const port = (server.address() as AddressInfo).port;
      const req = http.get(`http://127.0.0.1:${port}/rows?count=${count}&format=${format}`);
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        req.once('response', resolve);
        req.once('error', reject);
      });
      res.pause();
      let before: number | null = null;
      let after: number | null = -1;
      // Until two readings a second apart are the same (the COPY blocked), for at most 20 s.
      for (let i = 0; i < 20 && before !== after; i += 1) {
        before = await copied();
        await new Promise((r) => setTimeout(r, 1000));
        after = await copied();
      }
      expect(after).not.toBeNull();
      expect(after).toBe(before);
      expect(after).toBeLessThan(count / 3);
      req.destroy();
      for (let i = 0; i < 100 && poolInUse() > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(poolInUse()).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each(['csv', 'xlsx'])('stops the query and frees the connection when the client goes away (%s)', async (format) => {
    const server = http.createServer(app).listen(0);
    try {
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`http://127.0.0.1:${port}/rows?count=5000000&format=${format}`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      });
      for (let i = 0; i < 100 && poolInUse() > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(poolInUse()).toBe(0);
      // The connection went back clean: the pool still answers.
      const { rows } = await db.knex.raw('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
