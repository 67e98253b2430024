import crypto from 'node:crypto';
import net from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Express } from 'express';
import request from 'supertest';
import { ATTACHMENT_MAX_BYTES } from '../../contract/rules';
import { createApp, type AppDeps } from '../../server/app';
import { fileStoreFor } from '../../server/files/store';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { createLogger } from '../../server/logger';
import { sharedByFile } from '../helpers/perFile';
import { createProvider, insertRow, type Provider } from '../helpers/factories';
import { startS3Server } from '../helpers/s3Server';
import { describeAttachments, PDF, type StoreUnderTest } from './attachmentSuite';

/**
 * Attachments kept in an S3-compatible store (FILE_STORE_URL=s3://…), against a real one in
 * this process: the whole attachment suite, then what only an external store can do wrong.
 */
const server = sharedByFile('The S3 server', () => startS3Server('portal-files'), (s) => s.close());
const FILE_STORE_URL = 's3://portal-files/attachments';

const s3Store: StoreUnderTest = {
  name: 's3',
  app: () => ({ config: { fileStoreUrl: FILE_STORE_URL, s3: server().settings } }),
  pieces: async (_knex, file) => (await server().objects()).filter((o) => o.key === file.store_key).map((o) => o.size),
  layout: (bytes) => [bytes],
  count: async () => (await server().objects()).length,
};

const ctx = describeAttachments(s3Store);

describe('what only an object store can do wrong', () => {
  let provider: Provider;
  let event: Record<string, any>;
  beforeAll(async () => {
    provider = await createProvider(ctx);
    event = await insertRow(ctx.knex, 'events', { child_id: provider.childId, type: 'medical', title: 'X-ray', occurred_at: '2026-01-10T17:00:00Z', created_by: provider.as.portal_worker.id });
  });

  /** Another app over the same database, configured otherwise. */
  const appWith = (config: NonNullable<AppDeps['config']>, log: (line: string) => void = () => undefined) =>
    createApp({ knex: ctx.knex, clock: () => ctx.clock.now, dashboardDir: null, log, sessionCache: ctx.sessionCache, logger: createLogger('silent'), config });
  const as = (app: Express, method: 'get' | 'delete', url: string) => request(app)[method](url).set('Authorization', `Bearer ${provider.as.portal_worker.token}`);

  const attach = (app: Express, content: Buffer) =>
    request(app).post(`/api/events/${event.id}/attachments`).set('Authorization', `Bearer ${provider.as.portal_worker.token}`).attach('file', content, { filename: 'x-ray.pdf', contentType: 'application/pdf' });

  it('keeps each file as one object under the prefix, named in files.store_key', async () => {
    const created = await attach(ctx.app, PDF);
    expect(created.status).toBe(201);
    const row = await ctx.knex('files').where({ id: created.body.id }).first();
    expect(row).toMatchObject({ store: 's3', store_key: expect.stringMatching(new RegExp(`^attachments/${created.body.id}-[0-9a-f-]{36}$`)) });
    expect(await server().objects()).toContainEqual({ key: row.store_key, size: PDF.length });
  });

  it('streams a large upload in 5 MiB parts, one multipart upload, and aborts one that runs over the limit', async () => {
    // 12 MiB: parts of 5, 5 and 2 MiB.
    const content = Buffer.concat([PDF, Buffer.alloc(12 * 1024 * 1024 - PDF.length, 0x20)]);
    server().requests.length = 0;
    expect((await attach(ctx.app, content)).status).toBe(201);
    const parts = server().requests.filter((r) => /^PUT .*[?&]partNumber=\d+/.test(r));
    expect(parts.map((r) => Number(/partNumber=(\d+)/.exec(r)![1])).sort()).toEqual([1, 2, 3]);
    expect(server().requests.filter((r) => /^POST .*[?&]uploads(=|&|$)/.test(r))).toHaveLength(1);

    server().requests.length = 0;
    const over = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - PDF.length, 0x20)]);
    expect((await attach(ctx.app, over)).status).toBe(413);
    expect(server().requests.filter((r) => /^DELETE .*[?&]uploadId=/.test(r))).toHaveLength(1);
    expect(server().requests.some((r) => /^POST .*[?&]uploadId=/.test(r))).toBe(false);
  });

  it('leaves no object behind when the upload is refused after its content was stored', async () => {
    const before = await server().objects();
    const boundary = 'cut-off-boundary';
    // The file part is whole (so its object is written), then the form ends without its closing boundary.
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      PDF,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nunfinished`),
    ]);
    const res = await request(ctx.app)
      .post(`/api/events/${event.id}/attachments`)
      .set('Authorization', `Bearer ${provider.as.portal_worker.token}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', message: 'The upload was cut off or is not well-formed multipart/form-data' });
    // The object is removed once the transaction has failed, just after the answer.
    const deadline = Date.now() + 5_000;
    while ((await server().objects()).length !== before.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await server().objects()).toEqual(before);
  });

  describe('a store that does not answer', () => {
    const logged: string[] = [];
    let unreachable: Express;
    beforeAll(async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as net.AddressInfo;
          probe.close(() => resolve(free));
        });
      });
      unreachable = appWith({ fileStoreUrl: FILE_STORE_URL, s3: { ...server().settings, endpoint: `http://127.0.0.1:${port}` } }, (line) => logged.push(line));
    });

    const STORE_DOWN = { code: 'file_store_unavailable', message: 'The file store is not answering right now, so nothing was changed; try again in a few minutes', errors: {} };

    it('answers an upload 503 in the error shape, without a stack, and records nothing', async () => {
      const filesBefore = await ctx.knex('files').where({ event_id: event.id });
      const res = await attach(unreachable, PDF);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ ...STORE_DOWN, message_code: 'file_store_unavailable', params: {}, field_codes: {} });
      expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(await ctx.knex('files').where({ event_id: event.id })).toEqual(filesBefore);
      expect(logged.some((line) => line.startsWith(`file store: upload s3://portal-files/attachments/`) && /ECONNREFUSED/.test(line))).toBe(true);
    });

    it('answers a download and a delete 503, and keeps the file', async () => {
      const created = await attach(ctx.app, PDF);
      const url = `/api/events/${event.id}/attachments/${created.body.id}`;
      const got = await as(unreachable, 'get', url);
      expect(got.status).toBe(503);
      expect(got.body).toMatchObject(STORE_DOWN);
      const removed = await as(unreachable, 'delete', url);
      expect(removed.status).toBe(503);
      expect(removed.body).toMatchObject(STORE_DOWN);
      const row = await ctx.knex('files').where({ id: created.body.id }).first();
      expect(row).toBeDefined();
      expect(await s3Store.pieces(ctx.knex, row)).toEqual([PDF.length]);
    });
  });

  it('answers 503 for a file whose object has gone, naming the file', async () => {
    const created = await attach(ctx.app, PDF);
    await ctx.knex('files').where({ id: created.body.id }).update({ store_key: 'attachments/gone' });
    const got = await as(ctx.app, 'get', `/api/events/${event.id}/attachments/${created.body.id}`);
    expect(got.status).toBe(503);
    expect(got.body).toMatchObject({ code: 'file_store_unavailable', message: `The content of file ${created.body.id} is missing from the file store; tell an administrator` });
  });

  it('still reads and removes the files kept in PostgreSQL before the move to S3', async () => {
    const inPostgres = await attach(appWith({}), PDF);
    expect(inPostgres.status).toBe(201);
    const url = `/api/events/${event.id}/attachments/${inPostgres.body.id}`;
    expect(await ctx.knex('files').where({ id: inPostgres.body.id }).first()).toMatchObject({ store: 'postgres', store_key: null });
    const got = await as(ctx.app, 'get', url).buffer(true).parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => done(null, Buffer.concat(parts)));
    });
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect((await as(ctx.app, 'delete', url)).status).toBe(200);
    expect(await ctx.knex('file_chunks').where({ file_id: inPostgres.body.id })).toHaveLength(0);
  });

  it('answers 503 for a file kept in S3 when the server no longer reaches S3', async () => {
    const inS3 = await attach(ctx.app, PDF);
    const got = await as(appWith({}), 'get', `/api/events/${event.id}/attachments/${inS3.body.id}`);
    expect(got.status).toBe(503);
    expect(got.body).toMatchObject({ code: 'file_store_unavailable', message: `File ${inS3.body.id} is kept in the s3 file store, which this server is not configured to reach; tell an administrator` });
  });

  it('sweeps the objects no file names once they are a day old, and nothing of anyone else', async () => {
    const kept = await attach(ctx.app, PDF);
    expect(kept.status).toBe(201);
    const { store_key: keptKey } = await ctx.knex('files').where({ id: kept.body.id }).first('store_key');
    const settings = server().settings;
    const client = new S3Client({ region: settings.region, endpoint: settings.endpoint!, forcePathStyle: true, credentials: settings.credentials!, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: server().bucket, Key: key, Body: 'left behind' }));
    // a crash between an upload and its commit leaves an object named like ours that no row names
    const orphan = `attachments/${kept.body.id + 1000}-${crypto.randomUUID()}`;
    const foreign = ['attachments/read-me.txt', `elsewhere/${kept.body.id + 1001}-${crypto.randomUUID()}`];
    for (const key of [orphan, ...foreign]) await put(key);
    client.destroy();

    const lines: string[] = [];
    const files = fileStoreFor(FILE_STORE_URL, settings, (line) => lines.push(line));
    const sweepAt = (now: Date) => runJob(findJob('sweep-file-store')!, { knex: ctx.knex, config: { icmUrl: null, files }, log: () => undefined, clock: () => now }, undefined, { keepIdle: true });
    const listed = (await server().objects()).filter((o) => o.key.startsWith('attachments/')).length;
    // the planted orphan, and any object an earlier test left without its row (the "object has gone" test repoints one)
    const named = new Set(await ctx.knex('files').where({ store: 's3' }).pluck('store_key'));
    const orphans = (await server().objects()).map((o) => o.key).filter((key) => /^attachments\/\d+-[0-9a-f-]{36}$/.test(key) && !named.has(key));
    expect(orphans).toContain(orphan);

    // younger than a day: an upload could still be on its way to its commit
    expect(await sweepAt(new Date())).toMatchObject({ status: 'succeeded', summary: { store: 's3', listed, deleted: 0 } });
    expect((await server().objects()).map((o) => o.key)).toContain(orphan);

    const later = await sweepAt(new Date(Date.now() + 25 * 60 * 60 * 1000));
    expect(later).toMatchObject({ status: 'succeeded', summary: { store: 's3', listed, deleted: orphans.length } });
    const left = (await server().objects()).map((o) => o.key);
    expect(left.filter((key) => orphans.includes(key))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining([keptKey, ...foreign]));
    expect(lines.sort()).toEqual(orphans.map((key) => `file store: deleted s3://portal-files/${key}, which no file names`).sort());
    expect((await as(ctx.app, 'get', `/api/events/${event.id}/attachments/${kept.body.id}`)).status).toBe(200);
  });

  it('keeps no run of the sweep where files are kept in PostgreSQL', async () => {
    const files = fileStoreFor(null, server().settings, () => undefined);
    const result = await runJob(findJob('sweep-file-store')!, { knex: ctx.knex, config: { icmUrl: null, files }, log: () => undefined, clock: () => ctx.clock.now });
    expect(result).toMatchObject({ id: null, status: 'succeeded', summary: { store: 'postgres', listed: 0, deleted: 0 } });
  });
});
