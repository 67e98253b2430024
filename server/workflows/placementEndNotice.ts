import { daysBetween } from '../dates';
import { say, type Message } from '../messages';

/**
 * The first sentences of the notice a placement's end sends (the demo data writes the same):
 * the date its open plans close, or that they closed when that date is not after `asOf`, the
 * day the notice is sent. A catalogue message (contract/messages.ts), so it reads in the
 * reader's language. Only the dates and messages modules are imported, so the seed can use it.
 */
export function placementEndedMessage(notice: { child: string; place: string; endDate: string; planIds: readonly number[]; closesOn: string; asOf: string }): Message {
  const ended = { child: notice.child, place: notice.place, date: notice.endDate };
  if (!notice.planIds.length) return say('placement_ended_no_plan', ended);
  const plans = notice.planIds.map((id) => `plan ${id}`).join(', ');
  return notice.closesOn > notice.asOf
    ? say('placement_ended_plans', { ...ended, plans, closes_on: notice.closesOn })
    : say('placement_ended_plans_closed', { ...ended, plans, closes_on: notice.closesOn, days: daysBetween(notice.endDate, notice.closesOn) });
}
