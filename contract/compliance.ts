import type { ComplianceRule, ComplianceStatus } from './enums';

/**
 * GET /api/compliance (a list in ra-data-simple-rest's protocol) and GET /api/compliance/calendar
 * (counts per day): what the server derives and the dashboard's calendar and list show
 * (docs/compliance.md).
 */
export type ComplianceItem = {
  /** `<rule>:<resource>:<record_id>:<due_on>`, stable while the item is outstanding */
  id: string;
  rule: ComplianceRule;
  due_on: string;
  status: ComplianceStatus;
  /** the record the item opens: /api/<resource>/<record_id> */
  resource: string;
  record_id: number;
  child_id: number;
  child_name: string | null;
  organization_id: number | null;
  organization_name: string | null;
  place_of_service_id: number | null;
  place_name: string | null;
  /** the month a monthly item is for (YYYY-MM-01), else null */
  period: string | null;
};

export type ComplianceCount = {
  date: string;
  rule: ComplianceRule;
  status: ComplianceStatus;
  count: number;
};

export interface ComplianceCalendar {
  from: string;
  to: string;
  today: string;
  counts: ComplianceCount[];
}
