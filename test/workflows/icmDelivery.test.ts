import { deliverOutbox } from '../../server/integrations/icm';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { useTestContext } from '../helpers/context';
import { createCheckIn, createProvider, createShssPlan, type Provider } from '../helpers/factories';
import { startIcmReceiver, type IcmReceiver } from '../helpers/icmReceiver';
import { auditRows } from '../helpers/records';

let receiver: IcmReceiver;
let provider: Provider;
let planId: number;
const T0 = new Date('2026-01-15T12:00:00Z');
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);
/**
 * The delivery's time limit, and how long the receiver's `slow` answer takes: far enough apart
 * that a prompt answer on a busy machine (a 503 once took over 200 ms beside a loaded suite) is
 * never taken for a timeout, and a slow one always is.
 */
const TIMEOUT_MS = 1_000;
const SLOW_MS = 4_000;

beforeAll(async () => {
  receiver = await startIcmReceiver({ slowMs: SLOW_MS });
});
afterAll(() => receiver.close());
// Declared after the receiver's hook, so the app is configured with the receiver's URL.
const ctx = useTestContext(() => ({ now: T0.toISOString(), app: { config: { icmUrl: receiver.url } } }));
beforeAll(async () => {
  provider = await createProvider(ctx);
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service' })).id;
});
beforeEach(async () => {
  receiver.requests.length = 0;
  receiver.records.clear();
  receiver.script = [];
  receiver.fallback = 'ok';
  await ctx.knex('outbox_messages').update({ status: 'delivered' }).where({ status: 'pending' });
});

let month = 0;
/** A check-in finalized through the API, so its outbox message is the real one. */
async function finalizedCheckIn() {
  month += 1;
  const checkIn = await createCheckIn(ctx.knex, planId, { month: `2024-${String(month).padStart(2, '0')}-01`, check_in_date: '2026-01-10' });
  const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
  expect(res.status).toBe(200);
  const message = await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id }).first();
  return { checkIn: res.body, message };
}

const deliver = (now: Date, extra: Partial<Parameters<typeof deliverOutbox>[0]> = {}) =>
  deliverOutbox({ knex: ctx.knex, icmUrl: receiver.url, now, timeoutMs: TIMEOUT_MS, ...extra });

const outbox = (id: number) => ctx.knex('outbox_messages').where({ id }).first();
const checkInRow = (id: number) => ctx.knex('monthly_check_ins').where({ id }).first();

describe('delivering check-ins to ICM', () => {
  it('delivers exactly once across a failure, a timeout and a success, backing off between attempts', async () => {
    const { checkIn, message } = await finalizedCheckIn();
    receiver.script = ['fail', 'slow', 'ok'];

    expect(await deliver(T0)).toEqual({ icm_url_configured: true, attempted: 1, delivered: 0, retrying: 1, failed: 0, queued: 1 });
    expect(await outbox(message.id)).toMatchObject({ status: 'pending', attempts: 1, deliver_after: seconds(30).toISOString(), last_error: 'ICM answered 503: {"error":"maintenance"}' });
    expect((await checkInRow(checkIn.id)).icm_status).toBe('pending');

    expect((await deliver(seconds(29))).attempted).toBe(0);

    expect(await deliver(seconds(30))).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await outbox(message.id)).toMatchObject({ attempts: 2, deliver_after: seconds(90).toISOString(), last_error: `ICM did not answer within ${TIMEOUT_MS} ms` });

    expect(await deliver(seconds(90))).toMatchObject({ attempted: 1, delivered: 1, queued: 0 });
    expect(await outbox(message.id)).toMatchObject({ status: 'delivered', attempts: 3, last_error: null, delivered_at: seconds(90).toISOString() });
    expect(await checkInRow(checkIn.id)).toMatchObject({ icm_status: 'sent', icm_reference: 'ICM-1' });

    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.key))).toEqual(new Set([message.idempotency_key]));
    expect(receiver.requests[0]).toMatchObject({ topic: 'icm.monthly_check_in', contentType: 'application/json' });
    expect(receiver.requests[0].body).toMatchObject({ kind: 'monthly_check_in', check_in_id: checkIn.id, service_plan_id: planId });
    expect([...receiver.records.keys()]).toEqual([message.idempotency_key]);

    expect((await deliver(seconds(3600))).attempted).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    const [audit] = await auditRows(ctx.knex, 'monthly_check_ins', checkIn.id, 'icm_sent');
    expect(audit.changes.after).toMatchObject({ icm_status: 'sent', icm_reference: 'ICM-1', attempts: 3 });
  });

  it('sends a message once when two deliverers run at the same moment', async () => {
    const slowReceiver = await startIcmReceiver({ delayMs: 150 });
    try {
      const { checkIn } = await finalizedCheckIn();
      const results = await Promise.all([deliver(T0, { icmUrl: slowReceiver.url, timeoutMs: 2000 }), deliver(T0, { icmUrl: slowReceiver.url, timeoutMs: 2000 })]);
      expect(results.map((r) => r.delivered).sort()).toEqual([0, 1]);
      expect(slowReceiver.requests).toHaveLength(1);
      expect((await checkInRow(checkIn.id)).icm_status).toBe('sent');
    } finally {
      await slowReceiver.close();
    }
  });

  it('marks the message failed after the last attempt and tells the author', async () => {
    const { checkIn, message } = await finalizedCheckIn();
    receiver.fallback = 'fail';
    let now = T0;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await deliver(now, { maxAttempts: 3 });
      now = new Date((await outbox(message.id)).deliver_after);
    }
    expect(await outbox(message.id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'ICM answered 503: {"error":"maintenance"}' });
    expect((await checkInRow(checkIn.id)).icm_status).toBe('failed');
    const notes = await ctx.knex('notifications').where({ user_id: provider.as.portal_worker.id, kind: 'icm_failed', record_id: String(checkIn.id) });
    expect(notes).toHaveLength(1);
    // ICM's own answer stays in the outbox row; the author is told its status, by code
    expect(notes[0].message).toBe(`The check-in of ${checkIn.month.slice(0, 7)} for plan ${planId} could not be sent to ICM after 3 attempt(s). ICM answered with HTTP status 503. Ask a system administrator to resend it.`);
    expect(notes[0].message_parts).toEqual([
      { message_code: 'icm_check_in_failed', params: { month: checkIn.month.slice(0, 7), id: planId, attempts: 3 } },
      { message_code: 'icm_failure_status', params: { status: 503 } },
      { message_code: 'icm_ask_resend', params: {} },
    ]);
    expect(await auditRows(ctx.knex, 'monthly_check_ins', checkIn.id, 'icm_failed')).toHaveLength(1);

    receiver.fallback = 'ok';
    const resent = await provider.as.system_admin.api.post(`/api/monthly_check_ins/${checkIn.id}/resend_to_icm`);
    expect(resent.status).toBe(200);
    expect(resent.body.icm_status).toBe('pending');
    expect(await outbox(message.id)).toMatchObject({ status: 'pending', attempts: 0 });
    await deliver(T0);
    expect(await checkInRow(checkIn.id)).toMatchObject({ icm_status: 'sent' });
    expect(new Set(receiver.requests.map((r) => r.key))).toEqual(new Set([message.idempotency_key]));
  });

  it('gives up at once on an answer a retry cannot fix (400)', async () => {
    const { checkIn, message } = await finalizedCheckIn();
    receiver.script = ['bad'];
    expect(await deliver(T0)).toMatchObject({ attempted: 1, failed: 1 });
    expect(await outbox(message.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await checkInRow(checkIn.id)).icm_status).toBe('failed');
  });

  it('keeps messages queued while ICM_URL is not set', async () => {
    const { checkIn, message } = await finalizedCheckIn();
    const result = await runJob(findJob('deliver-outbox')!, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => T0 });
    expect(result.summary).toEqual({ icm_url_configured: false, attempted: 0, delivered: 0, retrying: 0, failed: 0, queued: 1 });
    expect(await outbox(message.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await checkInRow(checkIn.id)).icm_status).toBe('pending');
    expect(receiver.requests).toHaveLength(0);
  });

  it('keeps no job run of a scheduled run that sent nothing, and keeps those that did and every hand-run', async () => {
    await ctx.knex('outbox_messages').where({ status: 'pending' }).update({ status: 'delivered' });
    const job = findJob('deliver-outbox')!;
    const before = Number((await ctx.knex('job_runs').where({ job: 'deliver-outbox' }).count({ n: '*' }))[0].n);
    const idle = await runJob(job, { knex: ctx.knex, config: { icmUrl: receiver.url }, log: () => undefined, clock: () => T0 });
    expect(idle).toMatchObject({ id: null, status: 'succeeded', summary: { attempted: 0 } });
    expect(Number((await ctx.knex('job_runs').where({ job: 'deliver-outbox' }).count({ n: '*' }))[0].n)).toBe(before);

    await finalizedCheckIn();
    const busy = await runJob(job, { knex: ctx.knex, config: { icmUrl: receiver.url }, log: () => undefined, clock: () => T0 });
    expect(busy.summary).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await ctx.knex('job_runs').where({ id: busy.id! }).first('status')).toEqual({ status: 'succeeded' });

    const byHand = await provider.as.system_admin.api.post('/api/jobs/deliver-outbox/run', {});
    expect(byHand.body.summary).toMatchObject({ attempted: 0 });
    expect(await ctx.knex('job_runs').where({ id: byHand.body.id }).first('status')).toEqual({ status: 'succeeded' });
  });

  it('runs as the deliver-outbox job through the API with the configured ICM_URL', async () => {
    const { checkIn } = await finalizedCheckIn();
    const res = await provider.as.system_admin.api.post('/api/jobs/deliver-outbox/run', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ job: 'deliver-outbox', status: 'succeeded', summary: { delivered: 1, queued: 0 } });
    expect((await checkInRow(checkIn.id)).icm_status).toBe('sent');
  });
});
