import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { useTestContext } from '../helpers/context';
import { createProvider, createShssPlan, createSupportRequest, type Provider } from '../helpers/factories';

/**
 * send-compliance-digest: one notification per responsible user, counting what is overdue and
 * what falls due in the week from the run date, over the rules whose work its role does, in its
 * own scope. Here (Monday 2026-01-05) the plan in service since 2025-11-20 has no check-in for
 * November or December, and a support request drafted on 2025-12-10 falls due on 2026-01-09.
 * The other provider's placement (since 2025-05-01) never had its SHSS plan approved.
 */
const ctx = useTestContext({ now: '2026-01-05T07:00:00Z' });
let provider: Provider;
let other: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
  other = await createProvider(ctx);
  await createShssPlan(ctx.knex, provider, { status: 'in_service', approved_on: '2025-11-20', approved_by: 'Dr. Lee' });
  await createSupportRequest(ctx.knex, provider, { created_at: '2025-12-10T16:00:00Z' });
});

const run = () => runJob(findJob('send-compliance-digest')!, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => ctx.clock.now }, '2026-01-05');
const digests = () => ctx.knex('notifications').where({ kind: 'compliance_digest' }).orderBy('user_id').select('user_id', 'message', 'resource', 'record_id');

it('tells each responsible user about its own items, counted over the work its role does', async () => {
  const result = await run();
  expect(result).toMatchObject({ status: 'succeeded', summary: { week_end: '2026-01-11', notified: 5, already_sent: 0 } });
  const both = 'This week: 2 overdue and 1 due by 2026-01-11. Monthly check-ins: 2 overdue, 0 due. Support requests in draft: 0 overdue, 1 due.';
  const planDue = 'This week: 1 overdue and 0 due by 2026-01-11. SHSS plans due: 1 overdue, 0 due.';
  expect(await digests()).toEqual([
    { user_id: provider.as.org_admin.id, message: both, resource: 'compliance', record_id: '2026-01-05' },
    { user_id: provider.as.program_manager.id, message: both, resource: 'compliance', record_id: '2026-01-05' },
    { user_id: provider.as.portal_worker.id, message: 'This week: 2 overdue and 0 due by 2026-01-11. Monthly check-ins: 2 overdue, 0 due.', resource: 'compliance', record_id: '2026-01-05' },
    { user_id: other.as.org_admin.id, message: planDue, resource: 'compliance', record_id: '2026-01-05' },
    { user_id: other.as.program_manager.id, message: planDue, resource: 'compliance', record_id: '2026-01-05' },
  ]);
});

it('sends nothing twice for the same date', async () => {
  const again = await run();
  expect(again.summary).toEqual({ week_end: '2026-01-11', notified: 0, already_sent: 5 });
  expect(await digests()).toHaveLength(5);
});

it('lets its users read the digest as their own notification', async () => {
  const res = await provider.as.portal_worker.api.get('/api/notifications?filter={"kind":"compliance_digest"}');
  expect(res.body.map((n: { record_id: string }) => n.record_id)).toEqual(['2026-01-05']);
});
