import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { streamQuery } from '../../server/exports/queryStream';
import { sendDownload } from '../../server/exports/send';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

/** sendDownload + streamQuery end to end, on a bare Express app over a real database. */
let db: TestDatabase;
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
  db = await createTestDatabase();
  app = express();
  app.get('/rows', async (req, res) => {
    const count = Number(req.query.count);
    const query = db.knex.raw(
      `select g as id, case when g % 2 = 0 then '=cmd' else 'row, ' || g end as label, date '2025-04-01' + g % 30 as day
       from generate_series(1, ?::int) g`,
      [count],
    );
    await sendDownload(res, { filename: 'rows', format: 'csv', columns, rows: streamQuery(db.knex, query, { batchSize: 500 }) });
  });
  app.get('/broken', async (_req, res) => {
    await sendDownload(res, { filename: 'broken', format: 'csv', columns, rows: streamQuery(db.knex, db.knex.raw('select 1/0 as id')) });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ message: error.message });
  });
});

afterAll(async () => {
  await db.destroy();
});

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

  it('stops the query and frees the connection when the client goes away', async () => {
    const server = http.createServer(app).listen(0);
    try {
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`http://127.0.0.1:${port}/rows?count=5000000`, (res) => {
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
