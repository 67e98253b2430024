import { CASE_MANAGERS } from '../access/roles';
import { RuleError } from '../errors';
import type { Placement } from '../models/Placement';
import type { ServicePlan } from '../models/ServicePlan';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult, type Row } from '../resources/types';
import { addDays, today } from '../dates';
import { notInFuture, requireStatus } from './guards';
import { notify, planEditorsWhoSeePlacement } from './notifications';
import { placementEndedMessage } from './placementEndNotice';
import { cancelStaysAfter } from './respiteStays';
import { closeAsPlacementEnded, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END } from './servicePlans';
import { say } from '../messages';

/**
 * Placements end through the `end` action (a PUT cannot set `ended`: see the declaration):
 * ending tells every user who sees the placement and edits plans the date its open plans close
 * (10 days after the end; an end recorded that late closes them at once), cancels the respite stays that start after the end, and says which were cancelled
 * and which still run past the end.
 */
const END_INPUT = actionInput([
  { name: 'end_date', type: 'date', required: true },
  { name: 'end_reason', type: 'text', required: true },
]);

async function end(ctx: ActionContext<Placement, typeof END_INPUT>): Promise<ActionResult<Placement>> {
  const placement = ctx.record;
  requireStatus('placement', placement, ['active', 'interrupted'], 'ended');
  const { end_date: endDate, end_reason: endReason } = ctx.input;
  notInFuture(endDate, today(ctx.clock), 'end_date', 'end_date');
  if (endDate < placement.start_date) {
    throw new RuleError(say('placement_end_before_start', { date: placement.start_date }), { end_date: say('field_on_or_after', { date: placement.start_date }) });
  }

  const openPlans: Row<ServicePlan>[] = await ctx.trx('service_plans')
    .where({ placement_id: placement.id, program: 'SHSS' })
    .whereNot('status', 'closed')
    .orderBy('id')
    .forUpdate()
    .select('*');
  const child = await ctx.trx('children').where({ id: placement.child_id }).first('first_name', 'last_name');
  const place = await ctx.trx('places_of_service').where({ id: placement.place_of_service_id }).first('name');
  const asOf = today(ctx.clock);
  const closesOn = addDays(endDate, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END);
  // An end recorded on or after the plans' closing date closes them now, as the daily job would.
  if (closesOn <= asOf) {
    for (const plan of openPlans) {
      const after = await closeAsPlacementEnded(ctx.trx, plan.id, endDate, ctx.clock());
      await ctx.audit({ action: 'close', resource: 'service_plans', record_id: plan.id, before: plan, after });
    }
  }
  const stays = await cancelStaysAfter(ctx.trx, ctx.audit, placement.id, endDate, ctx.clock().toISOString());
  const dates = (list: { start_date: string; end_date: string }[]) => list.map((s) => `${s.start_date} – ${s.end_date}`).join(', ');
  const message = [
    placementEndedMessage({ child: `${child.first_name} ${child.last_name}`, place: place.name, endDate, planIds: openPlans.map((p) => p.id), closesOn, asOf }),
    stays.cancelled.length ? say('stays_cancelled_after_end', { stays: dates(stays.cancelled) }) : null,
    stays.runningPast.length ? say('stays_running_past_end', { stays: dates(stays.runningPast) }) : null,
  ].filter((part) => part !== null);
  const recipients = await planEditorsWhoSeePlacement(ctx.trx, placement.id);
  await notify(ctx.trx, recipients, { kind: 'placement_ended', message, resource: 'placements', record_id: placement.id });
  return { patch: { status: 'ended', end_date: endDate, end_reason: endReason } };
}

export const placementActions: readonly ActionDeclaration<Placement>[] = [
  { name: 'end', label: 'End placement', roles: CASE_MANAGERS, fromStatus: ['active', 'interrupted'], input: END_INPUT, run: end },
];
