import type { Knex } from 'knex';
import { groupCounts } from '../dataQuality/scorecard';
import { rowTimestamps } from '../db/clock';
import type { JobDefinition } from './types';

/**
 * Writes the data-quality scorecard's counts of the run date into data_quality_snapshots: one
 * row per check, organisation and place with records, every record counted (no viewer's
 * scope). A second run for the same date replaces that date's rows, in one transaction.
 */
async function snapshotDataQuality(knex: Knex, asOf: string, now: Date): Promise<{ taken_on: string; groups: number; records: number }> {
  return knex.transaction(async (trx) => {
    const groups = await groupCounts(trx, { today: asOf, now: now.toISOString(), organization_id: null, place_of_service_id: null, viewers: [] });
    await trx('data_quality_snapshots').where({ taken_on: asOf }).delete();
    if (groups.length) {
      await trx('data_quality_snapshots').insert(
        groups.map((g) => ({
          taken_on: asOf,
          check_key: g.check_key,
          organization_id: g.organization_id,
          place_of_service_id: g.place_of_service_id,
          record_count: g.count,
          ...rowTimestamps(trx),
        })),
      );
    }
    return { taken_on: asOf, groups: groups.length, records: groups.reduce((sum, g) => sum + g.count, 0) };
  });
}

export const snapshotDataQualityJob: JobDefinition = {
  name: 'snapshot-data-quality',
  description: "Keeps the data-quality scorecard's counts of the run date (per check, organisation and place) for its trend",
  run: ({ knex, asOf, now }) => snapshotDataQuality(knex, asOf, now),
};
