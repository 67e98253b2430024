import type { ComplianceRule } from '../../contract/enums';
import { sql, trusted, type Sql } from '../db/sql';

/**
 * A compliance rule: what is due, for which record, by when. Items are derived from the records
 * on every request, never stored. A rule's query answers the items whose due date falls in
 * [from, to] that are still outstanding today, with the columns of `item` below.
 */
export interface RuleContext {
  /** the clock's date (UTC): what is done, or overdue, is judged on it */
  today: string;
  from: string;
  to: string;
  /**
   * `<column> = any(array(<ids the caller may see>))` for the rule's resource, or `true` for a
   * global reader: the scope of the resource's records (server/access/scope.ts), as SQL.
   */
  inScope: (column: string) => Sql;
}

export interface ComplianceRuleDefinition {
  key: ComplianceRule;
  /** the declared resource whose scope decides who sees the rule's items */
  resource: string;
  /** what the rule asks for and when, in the words of docs/compliance.md */
  description: string;
  /**
   * the work an item asks for, as a write on a declared resource: the users whose role may do
   * it are the ones the weekly digest tells (each about the items in its own scope)
   */
  work: { resource: string; action: 'create' | 'update' };
  items: (ctx: RuleContext) => Sql;
}

/** The columns every rule's query selects, in this order (the rules are unioned). */
export interface ItemColumns {
  due_on: Sql;
  /** the record an item opens: a declared resource's name and the record's id */
  resource: Sql;
  record_id: Sql;
  child_id: Sql;
  organization_id: Sql;
  place_of_service_id: Sql;
  /** the month a monthly item is for (YYYY-MM-01), else null */
  period?: Sql;
  /**
   * the column the rule passes to `inScope`: the id whose visibility decides who sees the
   * item, so the digest can narrow items computed once for everyone (record_id unless given)
   */
  scope_id?: Sql;
}

export function itemSelect(rule: ComplianceRule, columns: ItemColumns): Sql {
  return sql`select ${rule}::text as rule, (${columns.due_on})::date as due_on, (${columns.resource})::text as resource,
    (${columns.record_id})::bigint as record_id, (${columns.child_id})::bigint as child_id,
    (${columns.organization_id})::bigint as organization_id, (${columns.place_of_service_id})::bigint as place_of_service_id,
    (${columns.period ?? trusted('null')})::date as period, (${columns.scope_id ?? columns.record_id})::bigint as scope_id`;
}

/** A resource name as a column value. */
export const resourceName = (name: string): Sql => sql`${name}`;

/** The days of a compliance setting (compliance_settings, edited by system administrators). */
export const settingDays = (code: string): Sql => sql`(select days from compliance_settings where code = ${code})`;
