import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { createProvider, createSupportRequest, type Provider } from '../helpers/factories';

/** support_request_draft: a draft support request submitted or cancelled within 30 days of its creation (UTC date). */
const ctx = useTestContext({ now: '2026-01-31T12:00:00Z' });
let provider: Provider;
let requestId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  requestId = (await createSupportRequest(ctx.knex, provider, { created_at: '2026-01-01T10:00:00Z' })).id;
});

const items = () => complianceItems(provider.as.program_manager.api, { from: '2026-01-01', to: '2026-03-31', rule: 'support_request_draft' });

it('is due 30 days after it was drafted: due the day before and on the day, overdue the day after', async () => {
  setToday(ctx, '2026-01-30');
  expect(brief(await items())).toEqual([`support_requests/${requestId} 2026-01-31 due`]);
  setToday(ctx, '2026-01-31');
  expect(brief(await items())).toEqual([`support_requests/${requestId} 2026-01-31 due`]);
  setToday(ctx, '2026-02-01');
  expect(brief(await items())).toEqual([`support_requests/${requestId} 2026-01-31 overdue`]);
});

it('dates a draft by its creation in UTC: 23:30 in Vancouver on January 1 is January 2', async () => {
  const late = await createSupportRequest(ctx.knex, provider, { created_at: '2026-01-01T23:30:00-08:00' });
  expect(brief(await items())).toEqual([`support_requests/${requestId} 2026-01-31 overdue`, `support_requests/${late.id} 2026-02-01 due`]);
  await ctx.knex('support_requests').where({ id: late.id }).delete();
});

it('is done once the request is submitted or cancelled', async () => {
  await ctx.knex('support_requests').where({ id: requestId }).update({ status: 'submitted', submitted_at: '2026-02-01T09:00:00Z' });
  expect(await items()).toEqual([]);
});
