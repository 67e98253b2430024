import type { DataQualityCheck } from './enums';

/**
 * GET /api/data_quality: the scorecard — each check's count now, per organisation and per place,
 * and its trend from the weekly snapshots; GET /api/data_quality/<check>/records lists a count's
 * records (docs/compliance.md).
 */
export type CheckCounts = Record<DataQualityCheck, number>;

export interface DataQualityScorecard {
  as_of: string;
  checks: {
    key: DataQualityCheck;
    /** the resource whose records the count opens */
    resource: string;
    total: number;
    /** the count at each of the latest weekly snapshots, oldest first */
    trend: { taken_on: string; count: number }[];
  }[];
  organizations: ({ organization_id: number | null; organization_name: string | null } & { counts: CheckCounts })[];
  /** per place; `place_of_service_id` empty for the records of an organisation at no place (CSP) */
  places: ({
    organization_id: number | null;
    organization_name: string | null;
    place_of_service_id: number | null;
    place_name: string | null;
  } & { counts: CheckCounts })[];
}
