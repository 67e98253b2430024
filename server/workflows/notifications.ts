import type { Knex } from 'knex';
import type { CurrentUser } from '../access/roles';
import { findInScope, scopeByPlacement } from '../access/scope';
import { rowTimestamps } from '../db/clock';
import type { Message } from '../messages';
import { Placement } from '../models/Placement';

/**
 * Notifications land in `notifications` in the transaction of the change that causes them, so a
 * rolled-back change never leaves a message behind. A message is sentences of the catalogue
 * (contract/messages.ts): stored in English and by code, so the dashboard says it in the
 * reader's language.
 */
export interface NotificationInput {
  kind: string;
  message: readonly Message[];
  resource: string;
  record_id: number | string;
}

export async function notify(trx: Knex | Knex.Transaction, userIds: readonly number[], input: NotificationInput): Promise<number> {
  return notifyEach(trx, [{ userIds, input }]);
}

/** Rows per insert: eight bound columns each, well under PostgreSQL's 65,535 bindings. */
const ROWS_PER_INSERT = 1000;

/**
 * Several notifications, each to its users, in as few inserts as the bindings allow: the weekly
 * digest tells thousands of groups their own counts, and an insert per group took 12 of its 39
 * seconds at a million children.
 */
export async function notifyEach(trx: Knex | Knex.Transaction, deliveries: readonly { userIds: readonly number[]; input: NotificationInput }[]): Promise<number> {
  const rows = deliveries.flatMap(({ userIds, input }) => {
    const message = input.message.map((part) => part.text).join(' ');
    const parts = JSON.stringify(input.message.map((part) => ({ message_code: part.key, params: part.params })));
    return [...new Set(userIds)].map((user_id) => ({ user_id, kind: input.kind, message, message_parts: parts, resource: input.resource, record_id: String(input.record_id), ...rowTimestamps(trx) }));
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await trx('notifications').insert(rows.slice(start, start + ROWS_PER_INSERT));
  return rows.length;
}

/**
 * Active users who see a placement and edit its plans: the organisation administrators of the
 * place's organisation and the programme managers assigned to the place. Each candidate is
 * confirmed through the same scope subquery the API uses, so "who is told" never drifts from
 * "who can see it".
 */
export async function planEditorsWhoSeePlacement(trx: Knex | Knex.Transaction, placementId: number): Promise<number[]> {
  const candidates: CurrentUser[] = await trx('users as u')
    .join('places_of_service as pos', function joinOrg() {
      this.on('pos.organization_id', '=', 'u.organization_id');
    })
    .join('placements as p', 'p.place_of_service_id', 'pos.id')
    .where('p.id', placementId)
    .andWhere('u.active', true)
    .andWhere((qb) => {
      qb.where('u.role', 'org_admin').orWhere((pm) => {
        pm.where('u.role', 'program_manager').whereExists(function assigned() {
          this.select(trx.raw('1')).from('place_assignments as pa').whereRaw('pa.user_id = u.id').whereRaw('pa.place_of_service_id = pos.id');
        });
      });
    })
    .select('u.id', 'u.email', 'u.full_name', 'u.role', 'u.organization_id');
  const seeing: number[] = [];
  for (const candidate of candidates) {
    if (await findInScope(trx, Placement, scopeByPlacement('id'), candidate, placementId)) seeing.push(candidate.id);
  }
  return seeing;
}
