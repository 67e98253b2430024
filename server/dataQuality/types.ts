import type { DataQualityCheck } from '../../contract/enums';
import { sql, type Sql } from '../db/sql';

/**
 * A data-quality check: the records of one resource that break a rule of the data, each
 * counted under the organisation and place it belongs to. Worked out from the records on every
 * request (one check reads a set the database keeps current: childrenImpossibleBirthDate.ts);
 * only the weekly snapshots of the counts are stored (the trend).
 */
export interface CheckContext {
  /** the clock's date (UTC) */
  today: string;
  /** the clock's instant (ISO-8601), for checks of elapsed time */
  now: string;
  /** `<column> = any(array(<ids the caller may see>))` for the check's resource, or `true` */
  inScope: (column: string) => Sql;
}

export interface DataQualityCheckDefinition {
  key: DataQualityCheck;
  /** the declared resource whose records the check finds (and whose scope narrows them) */
  resource: string;
  description: string;
  /**
   * One row per record: `record_id`, and the `organization_id` and `place_of_service_id` it
   * is counted under (the place empty for records at no place, such as CSP referrals).
   */
  records: (ctx: CheckContext) => Sql;
}

export function recordSelect(columns: { record_id: Sql; organization_id: Sql; place_of_service_id: Sql }): Sql {
  return sql`select (${columns.record_id})::bigint as record_id, (${columns.organization_id})::bigint as organization_id,
    (${columns.place_of_service_id})::bigint as place_of_service_id`;
}
