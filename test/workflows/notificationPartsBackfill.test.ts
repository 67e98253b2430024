import { up as backfill } from '../../migrations/20261203130000_fill_notification_message_parts';
import { fillTemplate, MESSAGES, type MessageKey } from '../../contract/messages';
import { useTestContext } from '../helpers/context';
import { createProvider, type Provider } from '../helpers/factories';

/**
 * Notifications written before they had message parts read in the reader's language too: the
 * migration reads the parts back from the English the server wrote then (each wording it had),
 * and gives ICM failures written since their reason by code. Anything else keeps `[]` and shows
 * its English.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

async function stored(kind: string, message: string, parts: unknown[] = []): Promise<number> {
  const [row] = await ctx
    .knex('notifications')
    .insert({ user_id: provider.as.portal_worker.id, kind, message, message_parts: JSON.stringify(parts), resource: 'placements', record_id: '1' })
    .returning('id');
  return Number(row.id);
}

const partsOf = async (id: number) => (await ctx.knex('notifications').where({ id }).first()).message_parts;
const english = (parts: { message_code: MessageKey; params: Record<string, string | number> }[]) => parts.map((p) => fillTemplate(MESSAGES[p.message_code], p.params)).join(' ');

describe('the backfill of notification message parts', () => {
  it('reads each wording the server wrote back into its parts, and leaves what it cannot read', async () => {
    const closesIn = await stored(
      'placement_ended',
      'The placement of Ana Lee at Maple House ended on 2025-11-03. The service plan (plan 12) closes in 10 days, on 2025-11-13; finish its records before then. Respite stays after the end were cancelled: 2025-11-20 to 2025-11-22, 2025-12-01 to 2025-12-02.',
    );
    const closedAt = await stored('placement_ended', 'The placement of Bo Chan at Oak Place ended on 2025-09-01. The service plan (plan 3, plan 4) closed on 2025-09-11, 10 days after the end.');
    const noPlan = await stored(
      'placement_ended',
      'The placement of Cy Diaz at Elm Court ended on 2025-10-10. It has no open service plan. Respite stays that run past the end need new dates or cancelling: 2025-10-08 to 2025-10-12.',
    );
    const icm = await stored('icm_failed', 'The check-in of 2025-10 for plan 7 could not be sent to ICM after 8 attempt(s): ICM answered 503: {"error":"maintenance"}. Ask a system administrator to resend it.');
    const icmStay = await stored('icm_failed', 'The respite stay of 2025-10-01 to 2025-10-03 (placement 9) could not be sent to ICM after 2 attempt(s): ICM did not answer within 10000 ms. Ask a system administrator to resend it.');
    const digest = await stored('compliance_digest', 'This week: 3 overdue and 2 due by 2025-11-16. SHSS plans due: 1 overdue, 0 due; monthly check-ins: 2 overdue, 2 due.');
    const unknown = await stored('placement_ended', 'Something the server never wrote.');
    const unreadableError = await stored('icm_failed', 'The check-in of 2025-10 for plan 7 could not be sent to ICM after 1 attempt(s): a proxy said no. Ask a system administrator to resend it.');
    const since = await stored('icm_failed', 'x', [
      { message_code: 'icm_respite_stay_failed', params: { from: '2025-10-01', to: '2025-10-03', id: 9, attempts: 8, error: 'Could not reach ICM: ECONNREFUSED' } },
    ]);
    const coded = [{ message_code: 'placement_ended_no_plan', params: { child: 'Di', place: 'Ash', date: '2025-10-10' } }];
    const already = await stored('placement_ended', 'The placement of Di at Ash ended on 2025-10-10. It has no open service plan.', coded);

    await backfill(ctx.knex);

    expect(await partsOf(closesIn)).toEqual([
      { message_code: 'placement_ended_plans', params: { child: 'Ana Lee', place: 'Maple House', date: '2025-11-03', plans: 'plan 12', closes_on: '2025-11-13' } },
      { message_code: 'stays_cancelled_after_end', params: { stays: '2025-11-20 – 2025-11-22, 2025-12-01 – 2025-12-02' } },
    ]);
    const closedParts = await partsOf(closedAt);
    expect(closedParts).toEqual([
      { message_code: 'placement_ended_plans_closed', params: { child: 'Bo Chan', place: 'Oak Place', date: '2025-09-01', plans: 'plan 3, plan 4', closes_on: '2025-09-11', days: 10 } },
    ]);
    // parts carry every parameter of their message: said again, they give the English back
    expect(english(closedParts)).toBe('The placement of Bo Chan at Oak Place ended on 2025-09-01. The service plan (plan 3, plan 4) closed on 2025-09-11, 10 days after the end.');
    expect(await partsOf(noPlan)).toEqual([
      { message_code: 'placement_ended_no_plan', params: { child: 'Cy Diaz', place: 'Elm Court', date: '2025-10-10' } },
      { message_code: 'stays_running_past_end', params: { stays: '2025-10-08 – 2025-10-12' } },
    ]);
    const icmParts = await partsOf(icm);
    expect(icmParts).toEqual([
      { message_code: 'icm_check_in_failed', params: { month: '2025-10', id: 7, attempts: 8 } },
      { message_code: 'icm_failure_status', params: { status: 503 } },
      { message_code: 'icm_ask_resend', params: {} },
    ]);
    expect(english(icmParts)).toBe('The check-in of 2025-10 for plan 7 could not be sent to ICM after 8 attempt(s). ICM answered with HTTP status 503. Ask a system administrator to resend it.');
    expect(await partsOf(icmStay)).toEqual([
      { message_code: 'icm_respite_stay_failed', params: { from: '2025-10-01', to: '2025-10-03', id: 9, attempts: 2 } },
      { message_code: 'icm_failure_timeout', params: { seconds: 10 } },
      { message_code: 'icm_ask_resend', params: {} },
    ]);
    const digestParts = await partsOf(digest);
    expect(digestParts).toEqual([
      { message_code: 'digest_week', params: { overdue: 3, due: 2, week_end: '2025-11-16' } },
      { message_code: 'digest_shss_plan_due', params: { overdue: 1, due: 0 } },
      { message_code: 'digest_monthly_check_in', params: { overdue: 2, due: 2 } },
    ]);
    expect(await partsOf(since)).toEqual([
      { message_code: 'icm_respite_stay_failed', params: { from: '2025-10-01', to: '2025-10-03', id: 9, attempts: 8 } },
      { message_code: 'icm_failure_unreachable', params: { cause: 'ECONNREFUSED' } },
      { message_code: 'icm_ask_resend', params: {} },
    ]);
    // the documented fallback: what it cannot read keeps no parts (the dashboard shows the English)
    expect(await partsOf(unknown)).toEqual([]);
    expect(await partsOf(unreadableError)).toEqual([]);
    expect(await partsOf(already)).toEqual(coded);

    // run again, it changes nothing
    const before = await ctx.knex('notifications').orderBy('id').select('id', 'message_parts');
    await backfill(ctx.knex);
    expect(await ctx.knex('notifications').orderBy('id').select('id', 'message_parts')).toEqual(before);
  });
});
