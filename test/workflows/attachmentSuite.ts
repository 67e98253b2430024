import crypto from 'node:crypto';
import request from 'supertest';
import { ATTACHMENT_MAX_BYTES } from '../../contract/rules';
import type { Knex } from 'knex';
import { useTestContext, type TestContext, type TestContextOptions } from '../helpers/context';
import {
  createCheckIn,
  createPlacement,
  createProvider,
  createShssPlan,
  createSupportRequest,
  insertRow,
  type Actor,
  type Provider,
} from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { CHUNK_BYTES } from '../../server/files/store';
import { safeFileName } from '../../server/files/upload';

/**
 * Attachments, the generic mechanism: one set of routes for every resource that declares
 * `attachments`, with the record's scope, the resource's roles, content sniffing, limits,
 * streaming storage, audits, and the record's read-only state. The same tests run against each
 * store (attachments.test.ts: PostgreSQL, attachmentsS3.test.ts: an S3-compatible server);
 * `store` says how the content is laid out there.
 */
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

export interface StoreUnderTest {
  /** `files.store` */
  name: 'postgres' | 's3';
  /** the app's settings that keep files in this store */
  app(): TestContextOptions['app'];
  /** the stored pieces of a file's content, their sizes in order: none once it is removed */
  pieces(knex: Knex, file: { id: number; store_key: string | null }): Promise<number[]>;
  /** the pieces a content of `bytes` is stored as */
  layout(bytes: number): number[];
  /** every stored piece of every file */
  count(knex: Knex): Promise<number>;
}

export const postgresStore: StoreUnderTest = {
  name: 'postgres',
  app: () => ({}),
  pieces: async (knex, file) => (await knex('file_chunks').where({ file_id: file.id }).orderBy('seq').select(knex.raw('length(data)::int as bytes'))).map((r) => r.bytes),
  layout: (bytes) => Array.from({ length: Math.ceil(bytes / CHUNK_BYTES) }, (_, i) => Math.min(CHUNK_BYTES, bytes - i * CHUNK_BYTES)),
  count: async (knex) => Number((await knex('file_chunks').count('* as n').first())!.n),
};

/** The suite, against `store`; answers its context for a store's own tests. */
export function describeAttachments(store: StoreUnderTest): TestContext {
  const ctx = useTestContext(() => ({ now: '2026-01-15T12:00:00Z', app: store.app() }));
  let provider: Provider;
  let other: Provider;

  const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

  beforeAll(async () => {
    provider = await createProvider(ctx);
    other = await createProvider(ctx);
  });

  async function eventOf(p: Provider, overrides: Record<string, unknown> = {}) {
    return insertRow(ctx.knex, 'events', {
      child_id: p.childId,
      type: 'medical',
      title: 'Dental check-up',
      occurred_at: '2026-01-10T17:00:00Z',
      created_by: p.as.portal_worker.id,
      ...overrides,
    });
  }

  function upload(actor: Actor, url: string, content: Buffer, fileName = 'file.bin', contentType = 'application/octet-stream') {
    return request(ctx.app).post(url).set('Authorization', `Bearer ${actor.token}`).attach('file', content, { filename: fileName, contentType });
  }

  function download(actor: Actor, url: string) {
    return request(ctx.app)
      .get(url)
      .set('Authorization', `Bearer ${actor.token}`)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => done(null, Buffer.concat(parts)));
      });
  }

  const countFiles = async () => Number((await ctx.knex('files').count('* as n').first())!.n);
  const countPieces = () => store.count(ctx.knex);
  const storedRow = async (id: number) => (await ctx.knex('files').where({ id }).first())!;

  describe('uploading, listing and downloading', () => {
    it('keeps a file with the type its content shows, lists it and gives it back byte for byte, auditing both', async () => {
      const event = await eventOf(provider);
      const worker = provider.as.portal_worker;
      const created = await upload(worker, `/api/events/${event.id}/attachments`, PDF, 'dentist note.txt', 'text/plain');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        file_name: 'dentist note.txt',
        content_type: 'application/pdf',
        size_bytes: PDF.length,
        sha256: crypto.createHash('sha256').update(PDF).digest('hex'),
        uploaded_by: worker.id,
        can_delete: true,
        created_at: '2026-01-15T12:00:00.000Z',
      });

      const listed = await worker.api.get(`/api/events/${event.id}/attachments`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ files: [expect.objectContaining({ id: created.body.id, file_name: 'dentist note.txt', uploaded_by_name: expect.any(String) })], can_upload: true, read_only: null });

      const got = await download(provider.as.ministry_manager, `/api/events/${event.id}/attachments/${created.body.id}`);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-disposition']).toBe(`attachment; filename="dentist_note.txt"; filename*=UTF-8''dentist%20note.txt`);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);

      const [uploadAudit] = await auditRows(ctx.knex, 'files', created.body.id, 'upload');
      expect(uploadAudit.user_id).toBe(worker.id);
      expect(uploadAudit.changes.after).toMatchObject({ event_id: event.id, file_name: 'dentist note.txt', content_type: 'application/pdf' });
      const [downloadAudit] = await auditRows(ctx.knex, 'files', created.body.id, 'download');
      expect(downloadAudit.user_id).toBe(provider.as.ministry_manager.id);
    });

    it(`streams a file larger than a chunk into the ${store.name} store and back out whole`, async () => {
      const event = await eventOf(provider);
      const content = Buffer.concat([JPEG_START, crypto.randomBytes(600 * 1024)]);
      const created = await upload(provider.as.program_manager, `/api/events/${event.id}/attachments`, content, 'scan.jpg');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ content_type: 'image/jpeg', size_bytes: content.length });
      const row = await storedRow(created.body.id);
      expect(row.store).toBe(store.name);
      expect(await store.pieces(ctx.knex, row)).toEqual(store.name === 'postgres' ? [262144, 262144, content.length - 2 * 262144] : [content.length]);
      const got = await download(provider.as.portal_worker, `/api/events/${event.id}/attachments/${created.body.id}`);
      expect(got.headers['content-length']).toBe(String(content.length));
      expect(Buffer.compare(got.body as Buffer, content)).toBe(0);
    });

    it('accepts plain UTF-8 text, served as text', async () => {
      const event = await eventOf(provider);
      const created = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, Buffer.from('Rendez-vous à 14 h.\nTout va bien.\n'), 'note.exe');
      expect(created.status).toBe(201);
      expect(created.body.content_type).toBe('text/plain');
      const got = await download(provider.as.portal_worker, `/api/events/${event.id}/attachments/${created.body.id}`);
      expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    it('names a file safely: no directories, quotes or control characters, and a plain-ASCII fallback', async () => {
      expect(safeFileName('C:\\Users\\x\\"report"\u0007\r\n.pdf')).toBe('report.pdf');
      expect(safeFileName('../../')).toBe('attachment');
      const event = await eventOf(provider);
      const created = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, PDF, '../../Évaluation médicale.pdf');
      expect(created.body.file_name).toBe('Évaluation médicale.pdf');
      const got = await download(provider.as.portal_worker, `/api/events/${event.id}/attachments/${created.body.id}`);
      expect(got.headers['content-disposition']).toBe(`attachment; filename="_valuation_m_dicale.pdf"; filename*=UTF-8''%C3%89valuation%20m%C3%A9dicale.pdf`);
    });
  });

  describe('what is refused, with nothing stored', () => {
    let event: Record<string, any>;
    beforeAll(async () => {
      event = await eventOf(provider);
    });

    it.each([
      ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), 'This file is a program (application/x-msdownload); programs cannot be attached'],
      ['a Linux program', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(120)]), 'This file is a program (application/x-elf); programs cannot be attached'],
      ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'This file is a script (it starts with #!); programs cannot be attached'],
      ['a zip archive', Buffer.from('504b0304140000000000', 'hex'), expect.stringMatching(/^Files of type application\/zip cannot be attached/)],
      ['bytes of no known kind', Buffer.from([0x00, 0x13, 0x37, 0x00, 0xff, 0xfe, 0x01, 0x02]), expect.stringMatching(/^The portal cannot tell what kind of file this is from its content/)],
    ])('%s: 415', async (_kind, content, message) => {
      const res = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, content, 'report.pdf', 'application/pdf');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ code: 'unsupported_file_type', message });
      expect(await ctx.knex('files').where({ event_id: event.id })).toHaveLength(0);
    });

    it('an empty file: 422', async () => {
      const res = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, Buffer.alloc(0), 'empty.pdf');
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ file: 'is empty' });
    });

    it('a request without a file: 400', async () => {
      const res = await provider.as.portal_worker.api.post(`/api/events/${event.id}/attachments`, { file: 'not a file' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ file: 'is required' });
    });

    it('a file one byte over 25 MB: 413, and the content written so far is removed', async () => {
      const before = [await countFiles(), await countPieces()];
      const content = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - PDF.length, 0x20)]);
      const res = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, content, 'big.pdf');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'too_large', message: 'A file may be at most 25 MB' });
      expect([await countFiles(), await countPieces()]).toEqual(before);
    });

    it('a file of exactly 25 MB is taken', async () => {
      const content = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES - PDF.length, 0x20)]);
      const res = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, content, 'max.pdf');
      expect(res.status).toBe(201);
      expect(res.body.size_bytes).toBe(ATTACHMENT_MAX_BYTES);
      expect(await store.pieces(ctx.knex, await storedRow(res.body.id))).toEqual(store.layout(ATTACHMENT_MAX_BYTES));
      expect(store.layout(ATTACHMENT_MAX_BYTES)).toHaveLength(store.name === 'postgres' ? 100 : 1);
    });
  });

  describe('scope and roles', () => {
    let event: Record<string, any>;
    let fileId: number;
    beforeAll(async () => {
      event = await eventOf(provider);
      fileId = (await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, PDF, 'a.pdf')).body.id;
    });

    it("hides another provider's record and its files (404), and stores nothing for it", async () => {
      const outsider = other.as.program_manager;
      expect((await outsider.api.get(`/api/events/${event.id}/attachments`)).status).toBe(404);
      expect((await download(outsider, `/api/events/${event.id}/attachments/${fileId}`)).status).toBe(404);
      expect((await outsider.api.delete(`/api/events/${event.id}/attachments/${fileId}`)).status).toBe(404);
      const filesBefore = await countFiles();
      expect((await upload(outsider, `/api/events/${event.id}/attachments`, PDF, 'b.pdf')).status).toBe(404);
      expect(await countFiles()).toBe(filesBefore);
    });

    it("answers 404 for a file that hangs on another record, even one the caller sees", async () => {
      const second = await eventOf(provider);
      expect((await download(provider.as.portal_worker, `/api/events/${second.id}/attachments/${fileId}`)).status).toBe(404);
    });

    it('lets the ministry read but not attach (403)', async () => {
      const manager = provider.as.ministry_manager;
      expect((await manager.api.get(`/api/events/${event.id}/attachments`)).body).toMatchObject({ can_upload: false });
      const res = await upload(manager, `/api/events/${event.id}/attachments`, PDF, 'c.pdf');
      expect(res.status).toBe(403);
    });

    it('lets the uploader and a manager remove a file, and no one else (403)', async () => {
      const mine = (await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, PDF, 'mine.pdf')).body;
      const colleague = await ctx.createUser({ role: 'portal_worker', organization_id: provider.orgId });
      await insertRow(ctx.knex, 'place_assignments', { user_id: colleague.user.id, place_of_service_id: provider.placeId, assigned_on: '2025-01-01' });
      const listedForColleague = await ctx.api(colleague.token).get(`/api/events/${event.id}/attachments`);
      expect(listedForColleague.body.files.find((f: { id: number }) => f.id === mine.id).can_delete).toBe(false);
      const refused = await ctx.api(colleague.token).delete(`/api/events/${event.id}/attachments/${mine.id}`);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('Only the person who attached a file, or a manager, may remove it');

      const mineStored = await storedRow(mine.id);
      expect(await store.pieces(ctx.knex, mineStored)).toEqual(store.layout(PDF.length));
      const own = await provider.as.portal_worker.api.delete(`/api/events/${event.id}/attachments/${mine.id}`);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: mine.id, file_name: 'mine.pdf' });
      expect(await store.pieces(ctx.knex, mineStored)).toEqual([]);
      expect(await auditRows(ctx.knex, 'files', mine.id, 'delete')).toHaveLength(1);

      const byManager = await provider.as.program_manager.api.delete(`/api/events/${event.id}/attachments/${fileId}`);
      expect(byManager.status).toBe(200);
      expect(await ctx.knex('files').where({ id: fileId })).toHaveLength(0);
    });

    it('keeps a record with files from being deleted under them (409)', async () => {
      const withFile = await eventOf(provider);
      await upload(provider.as.portal_worker, `/api/events/${withFile.id}/attachments`, PDF, 'kept.pdf');
      const res = await provider.as.system_admin.api.delete(`/api/events/${withFile.id}`);
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('This record is still referenced by files; remove or archive those first');
    });

    it('answers 404 for a resource that has no attachments', async () => {
      const res = await provider.as.system_admin.api.get(`/api/children/${provider.childId}/attachments`);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('children records have no attachments');
    });
  });

  describe('a read-only record has read-only attachments', () => {
    it('refuses files on an event of a closed plan (409) and says why in the list', async () => {
      const placement = await createPlacement(ctx.knex, provider);
      const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'closed', closed_on: '2026-01-05', closed_reason: 'placement_ended' });
      const event = await eventOf(provider, { child_id: placement.child_id, service_plan_id: plan.id });
      const res = await upload(provider.as.portal_worker, `/api/events/${event.id}/attachments`, PDF, 'late.pdf');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('read_only');
      const listed = await provider.as.portal_worker.api.get(`/api/events/${event.id}/attachments`);
      expect(listed.body).toEqual({
        files: [],
        can_upload: false,
        read_only: `Plan ${plan.id} is closed (placement ended on 2026-01-05); it and its records are read-only. Clone it to start a new plan`,
      });
      expect((await upload(provider.as.program_manager, `/api/service_plans/${plan.id}/attachments`, PDF, 'plan.pdf')).status).toBe(409);
    });

    it('keeps a finalized check-in\'s files: no new one, none removed', async () => {
      const placement = await createPlacement(ctx.knex, provider);
      const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
      const checkIn = await createCheckIn(ctx.knex, plan.id, { month: '2025-12-01' });
      const kept = await upload(provider.as.portal_worker, `/api/monthly_check_ins/${checkIn.id}/attachments`, PDF, 'signed.pdf');
      expect(kept.status).toBe(201);
      await ctx.knex('monthly_check_ins').where({ id: checkIn.id }).update({ status: 'finalized', check_in_date: '2025-12-20', finalized_at: '2025-12-20T20:00:00Z' });
      const again = await upload(provider.as.portal_worker, `/api/monthly_check_ins/${checkIn.id}/attachments`, PDF, 'more.pdf');
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('This check-in was finalized on 2025-12-20 and is read-only');
      expect((await provider.as.program_manager.api.delete(`/api/monthly_check_ins/${checkIn.id}/attachments/${kept.body.id}`)).status).toBe(409);
    });

    it('takes files on a draft support request only', async () => {
      const draft = await createSupportRequest(ctx.knex, provider);
      expect((await upload(provider.as.program_manager, `/api/support_requests/${draft.id}/attachments`, PDF, 'quote.pdf')).status).toBe(201);
      const submitted = await createSupportRequest(ctx.knex, provider, { status: 'submitted' });
      const res = await upload(provider.as.program_manager, `/api/support_requests/${submitted.id}/attachments`, PDF, 'quote.pdf');
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('This support request is submitted; only a draft can be changed');
    });

    it('takes files on the other declaring resources: progress reviews and daily logs', async () => {
      const placement = await createPlacement(ctx.knex, provider);
      const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
      const review = await insertRow(ctx.knex, 'progress_reviews', { service_plan_id: plan.id, review_date: '2026-01-05' });
      const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: placement.id, log_date: '2026-01-05', shift: 'day' });
      expect((await upload(provider.as.program_manager, `/api/progress_reviews/${review.id}/attachments`, PDF, 'review.pdf')).status).toBe(201);
      expect((await upload(provider.as.portal_worker, `/api/daily_logs/${log.id}/attachments`, PDF, 'log.pdf')).status).toBe(201);
    });
  });

  it('says in /api/meta which resources carry attachments', async () => {
    const meta = await provider.as.system_admin.api.get('/api/meta');
    const withFiles = meta.body.resources.filter((r: { attachments: boolean }) => r.attachments).map((r: { name: string }) => r.name).sort();
    expect(withFiles).toEqual(['daily_logs', 'events', 'monthly_check_ins', 'progress_reviews', 'service_plans', 'support_requests']);
  });

  it('describes the attachment and details routes in the OpenAPI document', async () => {
    const paths = Object.keys((await request(ctx.app).get('/api/openapi.json')).body.paths);
    expect(paths.filter((p) => p.includes('/attachments')).sort()).toEqual(
      ['daily_logs', 'events', 'monthly_check_ins', 'progress_reviews', 'service_plans', 'support_requests'].flatMap((r) => [`/api/${r}/{id}/attachments`, `/api/${r}/{id}/attachments/{fileId}`]).sort(),
    );
    expect(paths.filter((p) => p.endsWith('/details'))).toEqual(['/api/payments/{id}/details']);
  });

  return ctx;
}
