import { deliverOutbox } from '../../server/integrations/icm';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, insertRow, type Provider } from '../helpers/factories';
import { startIcmReceiver, type IcmReceiver } from '../helpers/icmReceiver';
import { auditRows } from '../helpers/records';

/**
 * Respite stays and ICM: a confirmed stay goes to ICM through the outbox under the placement's
 * referral (the request for service), once per change ICM should know of, with its status on
 * the stay; ending a placement cancels the stays after the end; a stay outside its placement's
 * dates can always be cancelled.
 */
let receiver: IcmReceiver;
beforeAll(async () => {
  receiver = await startIcmReceiver();
});
afterAll(() => receiver.close());
const ctx = useTestContext(() => ({ now: '2026-01-15T12:00:00Z', app: { config: { icmUrl: receiver.url } } }));
let provider: Provider;
let referralId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  referralId = (await insertRow(ctx.knex, 'referrals', { organization_id: provider.orgId, program: 'SHSS', referral_date: '2025-09-01', source_type: 'other' })).id;
});

async function respitePlacement(overrides: Record<string, unknown> = {}) {
  return createPlacement(ctx.knex, provider, { kind: 'respite', start_date: '2025-10-01', referral_id: referralId, ...overrides });
}

async function stayOf(placementId: number, start: string, end: string, status = 'scheduled') {
  return insertRow(ctx.knex, 'respite_stays', { placement_id: placementId, start_date: start, end_date: end, status });
}

const messagesOf = (stayId: number) => ctx.knex('outbox_messages').where({ respite_stay_id: stayId }).orderBy('id');
const worker = () => provider.as.portal_worker.api;

describe('confirming a stay sends it to ICM', () => {
  it('queues one message under the placement referral, idempotent by its key, and marks the stay pending', async () => {
    const placement = await respitePlacement();
    const stay = await stayOf(placement.id, '2026-01-09', '2026-01-11');
    const res = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, status: 'confirmed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'confirmed', icm_status: 'pending' });
    const [message] = await messagesOf(stay.id);
    expect(message).toMatchObject({ topic: 'icm.respite_stay', status: 'pending', idempotency_key: `respite-stay-${stay.id}-1` });
    expect(message.payload).toEqual({
      kind: 'respite_stay',
      respite_stay_id: stay.id,
      status: 'confirmed',
      start_date: '2026-01-09',
      end_date: '2026-01-11',
      request_for_service: { referral_id: referralId },
      placement_id: placement.id,
      child_id: placement.child_id,
      place_of_service_id: provider.placeId,
      organization_id: provider.orgId,
    });
    expect(await auditRows(ctx.knex, 'outbox_messages', message.id, 'create')).toHaveLength(1);

    const again = await worker().put(`/api/respite_stays/${stay.id}`, { ...res.body, status: 'confirmed', notes: 'Bring the blanket' });
    expect(again.status).toBe(200);
    expect(await messagesOf(stay.id)).toHaveLength(1);
  });

  it('sends a confirmed stay again when its dates change or it is cancelled, each with its own key', async () => {
    const placement = await respitePlacement();
    const stay = await stayOf(placement.id, '2026-01-02', '2026-01-04');
    const confirmed = (await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, status: 'confirmed' })).body;
    await ctx.knex('respite_stays').where({ id: stay.id }).update({ icm_status: 'sent' });
    const moved = (await worker().put(`/api/respite_stays/${stay.id}`, { ...confirmed, icm_status: 'sent', end_date: '2026-01-05' })).body;
    expect(moved.icm_status).toBe('pending');
    await worker().put(`/api/respite_stays/${stay.id}`, { ...moved, status: 'cancelled' });
    const messages = await messagesOf(stay.id);
    expect(messages.map((m) => [m.idempotency_key, m.payload.status, m.payload.end_date])).toEqual([
      [`respite-stay-${stay.id}-1`, 'confirmed', '2026-01-04'],
      [`respite-stay-${stay.id}-2`, 'confirmed', '2026-01-05'],
      [`respite-stay-${stay.id}-3`, 'cancelled', '2026-01-05'],
    ]);
  });

  it('does not send a scheduled stay, nor the cancellation of one ICM never heard of', async () => {
    const placement = await respitePlacement();
    const stay = await stayOf(placement.id, '2026-02-02', '2026-02-04');
    const res = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, status: 'cancelled' });
    expect(res.body).toMatchObject({ status: 'cancelled', icm_status: 'not_sent' });
    expect(await messagesOf(stay.id)).toHaveLength(0);
  });

  it('refuses to confirm a stay whose placement names no referral (422), and queues nothing', async () => {
    const placement = await respitePlacement({ referral_id: null });
    const stay = await stayOf(placement.id, '2026-01-09', '2026-01-10');
    const res = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, status: 'confirmed' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ placement_id: 'names no referral' });
    expect((await ctx.knex('respite_stays').where({ id: stay.id }).first()).status).toBe('scheduled');
    expect(await messagesOf(stay.id)).toHaveLength(0);
  });

  it('does not let the ICM status be set by hand (409)', async () => {
    const placement = await respitePlacement();
    const stay = await stayOf(placement.id, '2026-01-09', '2026-01-10');
    const res = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, icm_status: 'sent' });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual({ icm_status: 'changes only through an action' });
  });
});

describe('delivery records the outcome on the stay', () => {
  it('sets sent and the reference, or failed with a notice to the plan editors, and a failed stay can be resent', async () => {
    await ctx.knex('outbox_messages').where({ status: 'pending' }).update({ status: 'delivered' });
    const placement = await respitePlacement();
    const sent = await stayOf(placement.id, '2026-01-06', '2026-01-07');
    await worker().put(`/api/respite_stays/${sent.id}`, { ...sent, status: 'confirmed' });
    receiver.script = ['ok'];
    await deliverOutbox({ knex: ctx.knex, icmUrl: receiver.url, now: new Date('2026-01-15T12:00:00Z') });
    expect(await ctx.knex('respite_stays').where({ id: sent.id }).first('icm_status', 'icm_reference')).toEqual({ icm_status: 'sent', icm_reference: 'ICM-1' });
    expect(receiver.requests.at(-1)).toMatchObject({ key: `respite-stay-${sent.id}-1`, topic: 'icm.respite_stay' });

    const refused = await stayOf(placement.id, '2026-01-12', '2026-01-13');
    await worker().put(`/api/respite_stays/${refused.id}`, { ...refused, status: 'confirmed' });
    receiver.script = ['bad'];
    await deliverOutbox({ knex: ctx.knex, icmUrl: receiver.url, now: new Date('2026-01-15T12:01:00Z') });
    expect((await ctx.knex('respite_stays').where({ id: refused.id }).first()).icm_status).toBe('failed');
    const notices = await ctx.knex('notifications').where({ kind: 'icm_failed', resource: 'respite_stays', record_id: String(refused.id) }).pluck('user_id');
    expect(notices.sort()).toEqual([provider.as.org_admin.id, provider.as.program_manager.id].sort());

    expect((await worker().post(`/api/respite_stays/${refused.id}/resend_to_icm`)).status).toBe(403);
    const resent = await provider.as.system_admin.api.post(`/api/respite_stays/${refused.id}/resend_to_icm`);
    expect(resent.status).toBe(200);
    expect(resent.body.icm_status).toBe('pending');
    const [message] = await messagesOf(refused.id);
    expect(message).toMatchObject({ status: 'pending', attempts: 0, idempotency_key: `respite-stay-${refused.id}-1` });
  });
});

describe('ending a placement and its later stays', () => {
  it('cancels the stays that start after the end, tells ICM of those it knew, and lists them in the notification', async () => {
    const placement = await respitePlacement({ status: 'active' });
    const before = await stayOf(placement.id, '2025-12-01', '2025-12-03', 'confirmed');
    const runningPast = await stayOf(placement.id, '2026-01-09', '2026-01-12');
    const later = await stayOf(placement.id, '2026-02-06', '2026-02-08');
    const laterSent = await insertRow(ctx.knex, 'respite_stays', {
      placement_id: placement.id, start_date: '2026-03-06', end_date: '2026-03-07', status: 'confirmed', icm_status: 'sent', icm_reference: 'ICM-9',
    });
    const res = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2026-01-10', end_reason: 'Family moved' });
    expect(res.status).toBe(200);

    const statuses = await ctx.knex('respite_stays').where({ placement_id: placement.id }).orderBy('start_date').select('id', 'status', 'icm_status');
    expect(statuses).toEqual([
      { id: before.id, status: 'confirmed', icm_status: 'not_sent' },
      { id: runningPast.id, status: 'scheduled', icm_status: 'not_sent' },
      { id: later.id, status: 'cancelled', icm_status: 'not_sent' },
      { id: laterSent.id, status: 'cancelled', icm_status: 'pending' },
    ]);
    expect(await auditRows(ctx.knex, 'respite_stays', later.id, 'cancel')).toHaveLength(1);
    expect((await messagesOf(laterSent.id)).map((m) => m.payload.status)).toEqual(['cancelled']);

    const notice = await ctx.knex('notifications').where({ kind: 'placement_ended', record_id: String(placement.id), user_id: provider.as.program_manager.id }).first();
    expect(notice.message).toContain('Respite stays after the end were cancelled: 2026-02-06 – 2026-02-08, 2026-03-06 – 2026-03-07.');
    expect(notice.message).toContain('Respite stays that run past the end need new dates or cancelling: 2026-01-09 – 2026-01-12.');
  });

  it('lets a stay outside its placement\'s dates be cancelled, though not otherwise changed', async () => {
    const placement = await respitePlacement({ status: 'ended', end_date: '2026-01-10', end_reason: 'Ended' });
    const stay = await stayOf(placement.id, '2026-01-09', '2026-01-12');
    const edit = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, notes: 'Moved' });
    expect(edit.status).toBe(422);
    const cancelled = await worker().put(`/api/respite_stays/${stay.id}`, { ...stay, status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});
