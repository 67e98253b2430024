import { daysBetween } from '../dates';

/**
 * The first sentences of the notice a placement's end sends (the demo data writes the same):
 * the date its open plans close, or that they closed when that date is not after `asOf`, the
 * day the notice is sent. Only the dates module is imported, so the seed can use it.
 */
export function placementEndedMessage(notice: { child: string; place: string; endDate: string; planIds: readonly number[]; closesOn: string; asOf: string }): string {
  const ended = `The placement of ${notice.child} at ${notice.place} ended on ${notice.endDate}.`;
  if (!notice.planIds.length) return `${ended} It has no open service plan.`;
  const plans = `The service plan (${notice.planIds.map((id) => `plan ${id}`).join(', ')})`;
  return notice.closesOn > notice.asOf
    ? `${ended} ${plans} closes on ${notice.closesOn}; finish its records before then.`
    : `${ended} ${plans} closed on ${notice.closesOn}, ${daysBetween(notice.endDate, notice.closesOn)} days after the end.`;
}
