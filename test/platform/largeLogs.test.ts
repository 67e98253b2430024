import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { LOG_ENTRY_MAX_BYTES } from '../../contract/rules';
import { up as digestLargeTexts } from '../../migrations/20261201000001_digest_large_texts_in_audit_events';
import { findFreePort } from '../../server/db/freePort';
import { useTestContext } from '../helpers/context';
import { createProvider, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { runsAlone } from '../helpers/runAlone';
import { spawnServer, stopProcess, type ServerProcess } from '../helpers/serverProcess';

// its bound is a peak resident size (551–585 MB alone), which a loaded machine pushed to 606 MB once: nothing beside it
runsAlone();

/**
 * Daily log entries may be tens of megabytes (the programme's release notes: 50 MB). Lists carry
 * a preview and the length, reading one entry gives the whole text, a download streams it, the
 * audit trail keeps a digest, and ten 50 MB entries on one log keep the server under 600 MB.
 */
const MB = 1024 * 1024;
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

async function newLog(day: string) {
  return insertRow(ctx.knex, 'daily_logs', { placement_id: provider.placementId, log_date: day, shift: 'day' });
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const listOf = (logId: number) => `/api/daily_log_entries?filter=${encodeURIComponent(JSON.stringify({ daily_log_id: logId }))}`;

describe('a large entry', () => {
  const worker = () => provider.as.portal_worker.api;

  it('is listed as a 2,000-character preview and its length, never its whole text', async () => {
    const log = await newLog('2025-06-01');
    const body = `${'é'.repeat(1500)}${'x'.repeat(8500)}`;
    const created = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body });
    expect(created.status).toBe(201);
    const list = await worker().get(listOf(log.id));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const [row] = list.body;
    expect(row).not.toHaveProperty('body');
    expect(row.body_preview).toBe(body.slice(0, 2000));
    expect(row.body_length).toBe(10_000);
    expect(created.body).toMatchObject({ id: row.id, body_preview: body.slice(0, 2000), body_length: 10_000 });
    expect(created.body).not.toHaveProperty('body');
  });

  it('is listed as its preview to a reader of every log too, whose list counts its total apart (found by the contract fuzz test)', async () => {
    const log = await newLog('2025-06-09');
    const body = 'b'.repeat(2500);
    expect((await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body })).status).toBe(201);
    const list = await provider.as.system_admin.api.get(listOf(log.id));
    expect(list.status).toBe(200);
    expect(list.body.map((row: Record<string, unknown>) => [row.body, row.body_preview, row.body_length])).toEqual([[undefined, 'b'.repeat(2000), 2500]]);
  });

  it('is downloaded in a list as its preview and length, as lists show it', async () => {
    const log = await newLog('2025-06-08');
    const body = `${'a'.repeat(2000)}${'b'.repeat(1000)}`;
    await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body });
    const csv = await worker().get(`${listOf(log.id)}&format=csv&headers=fields`);
    expect(csv.status).toBe(200);
    const [header, row] = csv.text.trim().split(/\r?\n/);
    expect(header.split(',')).toEqual(['id', 'daily_log_id', 'daily_log_title', 'author_id', 'author_name', 'version', 'created_at', 'updated_at', 'body_preview', 'body_length']);
    expect(row.split(',').slice(-2)).toEqual(['a'.repeat(2000), '3000']);
  });

  it('is read whole by id, and downloaded whole as text/plain', async () => {
    const log = await newLog('2025-06-02');
    const body = `Début ${'line of the night shift\n'.repeat(200_000)}fin 🌙`;
    const { body: entry } = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body });
    const read = await worker().get(`/api/daily_log_entries/${entry.id}`);
    expect(read.status).toBe(200);
    expect(read.body.body).toBe(body);
    const download = await worker().get(`/api/daily_log_entries/${entry.id}/body`).responseType('blob');
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="daily_log_entries-${entry.id}-body.txt"`);
    expect(Number(download.headers['content-length'])).toBe(Buffer.byteLength(body));
    expect((download.body as Buffer).toString('utf8')).toBe(body);
  });

  it('is downloaded only in scope, and only for a large text field', async () => {
    const other = await createProvider(ctx);
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: other.placementId, log_date: '2025-06-03', shift: 'day' });
    const entry = await insertRow(ctx.knex, 'daily_log_entries', { daily_log_id: log.id, author_id: other.as.portal_worker.id, body: 'Private' });
    expect((await worker().get(`/api/daily_log_entries/${entry.id}/body`)).status).toBe(404);
    const notLarge = await worker().get(`/api/daily_log_entries/${entry.id}/author_id`);
    expect([notLarge.status, notLarge.body.message]).toEqual([404, 'daily_log_entries has no text "author_id" to download']);
  });

  it('is audited as a digest and its size in bytes and characters, and an edit as where it first changed', async () => {
    const log = await newLog('2025-06-04');
    const first = 'Quiet evening. Everyone asleep by nine.';
    const { body: entry } = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body: first });
    const second = 'Quiet evening. Everyone asleep by ten.';
    // The dashboard sends back the list row it showed: its preview and length are ignored.
    const updated = await worker().put(`/api/daily_log_entries/${entry.id}`, { ...entry, body: second });
    expect(updated.status).toBe(200);
    const [created, edited] = await auditRows(ctx.knex, 'daily_log_entries', entry.id);
    expect(created.changes.after.body).toEqual({ sha256: sha256(first), bytes: 39, characters: 39 });
    expect(edited.changes.before.body).toEqual({ sha256: sha256(first), bytes: 39, characters: 39 });
    expect(edited.changes.after.body).toEqual({ sha256: sha256(second), bytes: 38, characters: 38, first_difference_at: 34 });
    expect(edited.changes.after).not.toHaveProperty('body_preview');
  });

  it('replaces the whole texts of audit rows written before digests with their digest (migration)', async () => {
    const text = 'Écrit avant la migration. '.repeat(1000);
    const [row] = await ctx.knex('audit_events')
      .insert({ action: 'update', resource: 'daily_log_entries', record_id: '1', changes: JSON.stringify({ before: { id: 1, body: 'old' }, after: { id: 1, body: text } }) })
      .returning('id');
    await digestLargeTexts(ctx.knex);
    const { changes } = await ctx.knex('audit_events').where({ id: row.id }).first();
    expect(changes).toEqual({
      before: { id: 1, body: { sha256: sha256('old'), bytes: 3 } },
      after: { id: 1, body: { sha256: sha256(text), bytes: Buffer.byteLength(text) } },
    });
  });

  it('is refused empty with 400, as any required text', async () => {
    const log = await newLog('2025-06-07');
    const res = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body: '' });
    expect([res.status, res.body.errors]).toEqual([400, { body: 'cannot be empty' }]);
  });

  it('is refused above 50 MB with 413 naming the limit, and nothing is stored', async () => {
    const log = await newLog('2025-06-05');
    const res = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body: 'x'.repeat(LOG_ENTRY_MAX_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      message: `body may be at most 50 MB of text (52428800 bytes of UTF-8); this one is 52428801 bytes`,
      code: 'too_large',
      errors: { body: 'at most 50 MB' },
      message_code: 'text_too_large',
      params: { field: 'body', limit: 50, bytes_limit: 52428800, bytes: 52428801 },
      field_codes: { body: { message_code: 'field_at_most_mb', params: { limit: 50 } } },
    });
    expect(await ctx.knex('daily_log_entries').where({ daily_log_id: log.id })).toEqual([]);
  });

  it('is refused with 413 when the request itself is over 55 MB, and other records keep a 1 MB limit', async () => {
    const log = await newLog('2025-06-06');
    const huge = await worker().post('/api/daily_log_entries', { daily_log_id: log.id, body: 'x'.repeat(56 * MB) });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toBe('The request body is larger than 55 MB, the limit for a daily log entries record');
    const logs = await worker().put(`/api/daily_logs/${log.id}`, { shift: 'x'.repeat(2 * MB) });
    expect([logs.status, logs.body.message]).toEqual([413, 'The request body is larger than 1 MB, the limit for this address']);
  });
});

/** Peak and current resident memory of a process, in MB, from /proc. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))![1]);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** One request over a plain connection, the body sent from one prepared buffer (no copies in the test). */
function send(port: number, method: string, url: string, token: string, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('ten 50 MB entries on one log, the real server in its own process', () => {
  let app: ServerProcess & { port: number };

  beforeAll(async () => {
    const port = await findFreePort();
    app = { ...spawnServer({ DATABASE_URL: ctx.databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), port };
    await app.ready;
  });
  afterAll(() => stopProcess(app));

  it('lists the entries and the audit trail with 200, and stays under 600 MB resident', async () => {
    const started = Date.now();
    const log = await newLog('2025-07-01');
    const token = provider.as.portal_worker.token;
    const paragraph = 'The evening was calm; medication given at 20:00, lights out at 21:30. ';
    const text = paragraph.repeat(Math.ceil(LOG_ENTRY_MAX_BYTES / paragraph.length)).slice(0, LOG_ENTRY_MAX_BYTES);
    const request = Buffer.from(JSON.stringify({ daily_log_id: log.id, body: text }));

    let peakSeen = 0;
    const sampler = setInterval(() => (peakSeen = Math.max(peakSeen, memoryOf(app.child.pid!).now)), 50);
    try {
      for (let i = 0; i < 10; i += 1) {
        const created = await send(app.port, 'POST', '/api/daily_log_entries', token, request);
        expect({ i, status: created.status }).toEqual({ i, status: 201 });
      }
      const list = await send(app.port, 'GET', listOf(log.id), token);
      expect(list.status).toBe(200);
      const rows = JSON.parse(list.text) as { body_length: number; body_preview: string }[];
      expect(rows.map((r) => [r.body_length, r.body_preview.length])).toEqual(Array(10).fill([LOG_ENTRY_MAX_BYTES, 2000]));
      expect(list.text.length).toBeLessThan(100_000);

      const adminToken = provider.as.system_admin.token;
      const audit = await send(app.port, 'GET', `/api/audit_events?filter=${encodeURIComponent(JSON.stringify({ resource: 'daily_log_entries' }))}&range=[0,24]`, adminToken);
      expect(audit.status).toBe(200);
      const digests = (JSON.parse(audit.text) as { record_id: string; changes: { after: { body: unknown } } }[]).map((row) => row.changes.after.body);
      expect(digests.slice(0, 10)).toEqual(Array(10).fill({ sha256: sha256(text), bytes: LOG_ENTRY_MAX_BYTES, characters: LOG_ENTRY_MAX_BYTES }));

      const one = await send(app.port, 'GET', `/api/daily_log_entries/${JSON.parse(audit.text)[0].record_id}`, token);
      expect(one.status).toBe(200);
      expect(sha256(JSON.parse(one.text).body)).toBe(sha256(text));
    } finally {
      clearInterval(sampler);
    }
    const memory = memoryOf(app.child.pid!);
    const peakMb = Math.round(Math.max(memory.peak, peakSeen));
    expect(peakMb).toBeLessThan(600);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
