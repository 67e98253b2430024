import { scopeByPlacement } from '../access/scope';
import { Placement } from '../models/Placement';
import { RuleError } from '../errors';
import type { WriteContext } from '../resources/types';
import { findVisible } from './guards';
import type { RespiteStay } from '../models/RespiteStay';

/**
 * Respite stays lie within their respite placement's dates; they may be added, edited or
 * confirmed after the placement ended, so the placement's status is not checked.
 */
export async function checkRespiteStayWrite(ctx: WriteContext<RespiteStay>): Promise<void> {
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  const placement = await findVisible(ctx.trx, ctx.user, Placement, scopeByPlacement('id'), data.placement_id, 'placement');
  if (placement.kind !== 'respite') {
    throw new RuleError(`Placement ${placement.id} is a ${placement.kind.replace(/_/g, ' ')} placement; respite stays belong to a respite placement`, { placement_id: 'is not a respite placement' });
  }
  const outside = (data.start_date && data.start_date < placement.start_date) || (placement.end_date && data.end_date && data.end_date > placement.end_date);
  if (outside) {
    throw new RuleError(`A respite stay must lie within its placement (${placement.start_date} to ${placement.end_date ?? 'open'})`, {
      [data.start_date && data.start_date < placement.start_date ? 'start_date' : 'end_date']: 'is outside the placement',
    });
  }
}
