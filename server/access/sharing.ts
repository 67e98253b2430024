import type { QueryBuilder } from 'objection';
import type { BaseModel } from '../models/BaseModel';
import type { Scope } from '../resources/types';
import { applyScopeResult } from './scope';

/**
 * Who sees a record its owner shares (questions, dashboards): its owner, the roles it is
 * shared with, or everyone of the owner's organisation; a system administrator sees all, and
 * the default dashboard is everyone's. Editing is the owner's (server/resources/bi.ts).
 */
function qualified(qb: QueryBuilder<any, any>, column: string): string {
  return `${qb.modelClass().tableName}.${column}`;
}

export function scopeSharedRecords(options: { everyoneSees?: string } = {}): Scope {
  return (user) => {
    if (user.role === 'system_admin') return 'all';
    return (qb) => {
      qb.where((visible) => {
        visible
          .where(qualified(qb, 'owner_id'), user.id)
          .orWhere((roles) => roles.where(qualified(qb, 'shared_with'), 'roles').whereRaw('?? @> jsonb_build_array(?::text)', [qualified(qb, 'shared_roles'), user.role]))
          .orWhere((organization) => organization.where(qualified(qb, 'shared_with'), 'organization').where(qualified(qb, 'organization_id'), user.organization_id ?? -1));
        if (options.everyoneSees) visible.orWhere(qualified(qb, options.everyoneSees), true);
      });
    };
  };
}

/** Rows that hang off a shared record (a dashboard's cards) are seen with it. */
export function scopeWithParent(column: string, parent: typeof BaseModel, parentScope: Scope): Scope {
  return (user) => {
    const result = parentScope(user);
    if (result === 'all' || result === 'none') return result;
    return (qb) => {
      qb.whereIn(qualified(qb, column), applyScopeResult(parent.query(), result).select(`${parent.tableName}.id`));
    };
  };
}
