import type { Knex } from 'knex';
import { DATA_QUALITY_CHECKS, type DataQualityCheck } from '../../contract/enums';
import type { CheckCounts, DataQualityScorecard } from '../../contract/dataQuality';
import { isGlobalReader, type CurrentUser } from '../access/roles';
import { joinSql, run, sql, trusted, type Sql } from '../db/sql';
import { resourceScopeSql } from '../resources/scopeSql';
import { dataQualityChecks } from './registry';
import type { DataQualityCheckDefinition } from './types';

/**
 * The data-quality scorecard: each check's records in the viewers' scope (the caller, the
 * snapshot job: no viewer, every record), counted per organisation and place, optionally for
 * one organisation or place. The checks run side by side, one statement each.
 */
export interface ScorecardQuery {
  today: string;
  now: string;
  organization_id: number | null;
  place_of_service_id: number | null;
  viewers: readonly CurrentUser[];
}

/** Weekly snapshots the trend shows. */
export const TREND_POINTS = 8;

/** A check's records in scope, with their group, narrowed to the organisation and place asked for. */
export function checkRecordsSql(knex: Knex, check: DataQualityCheckDefinition, query: ScorecardQuery): Sql {
  const records = check.records({ today: query.today, now: query.now, inScope: resourceScopeSql(knex, check.resource, query.viewers) });
  const conditions: Sql[] = [trusted('true')];
  if (query.organization_id !== null) conditions.push(sql`r.organization_id = ${query.organization_id}`);
  if (query.place_of_service_id !== null) conditions.push(sql`r.place_of_service_id = ${query.place_of_service_id}`);
  return sql`select r.* from (${records}) r where ${joinSql(conditions, ' and ')}`;
}

export interface GroupCount {
  check_key: DataQualityCheck;
  organization_id: number | null;
  place_of_service_id: number | null;
  count: number;
}

/**
 * Each check's count per (organisation, place) group: side by side on pooled connections, or
 * one after the other inside a transaction (its one connection).
 */
export async function groupCounts(knex: Knex | Knex.Transaction, query: ScorecardQuery): Promise<GroupCount[]> {
  const count = (check: DataQualityCheckDefinition) =>
    run<GroupCount>(
      knex,
      sql`select ${check.key}::text as check_key, organization_id, place_of_service_id, count(*)::int as count
          from (${checkRecordsSql(knex, check, query)}) g
          group by organization_id, place_of_service_id`,
    );
  if (!('isTransaction' in knex && knex.isTransaction)) return (await Promise.all(dataQualityChecks.map(count))).flat();
  const rows: GroupCount[] = [];
  for (const check of dataQualityChecks) rows.push(...(await count(check)));
  return rows;
}

const noCounts = (): CheckCounts => Object.fromEntries(DATA_QUALITY_CHECKS.map((key) => [key, 0])) as CheckCounts;

export async function scorecard(knex: Knex, query: ScorecardQuery): Promise<DataQualityScorecard> {
  const [groups, trend] = await Promise.all([groupCounts(knex, query), trendOf(knex, query)]);
  const names = await namesOf(knex, groups);
  const organizations = new Map<string, DataQualityScorecard['organizations'][number]>();
  const places = new Map<string, DataQualityScorecard['places'][number]>();
  const totals = noCounts();
  for (const group of groups) {
    totals[group.check_key] += group.count;
    const orgKey = String(group.organization_id);
    if (!organizations.has(orgKey)) {
      organizations.set(orgKey, { organization_id: group.organization_id, organization_name: names.organizations.get(group.organization_id) ?? null, counts: noCounts() });
    }
    organizations.get(orgKey)!.counts[group.check_key] += group.count;
    const placeKey = `${orgKey}|${String(group.place_of_service_id)}`;
    if (!places.has(placeKey)) {
      places.set(placeKey, {
        organization_id: group.organization_id,
        organization_name: names.organizations.get(group.organization_id) ?? null,
        place_of_service_id: group.place_of_service_id,
        place_name: names.places.get(group.place_of_service_id) ?? null,
        counts: noCounts(),
      });
    }
    places.get(placeKey)!.counts[group.check_key] += group.count;
  }
  const byName = <T extends { organization_name: string | null }>(a: T, b: T) => (a.organization_name ?? '').localeCompare(b.organization_name ?? '');
  return {
    as_of: query.today,
    checks: dataQualityChecks.map((check) => ({
      key: check.key,
      resource: check.resource,
      total: totals[check.key],
      trend: trend.get(check.key) ?? [],
    })),
    organizations: [...organizations.values()].sort(byName),
    places: [...places.values()].sort((a, b) => byName(a, b) || (a.place_name ?? '').localeCompare(b.place_name ?? '')),
  };
}

async function namesOf(knex: Knex, groups: GroupCount[]) {
  const orgIds = [...new Set(groups.map((g) => g.organization_id).filter((id) => id !== null))];
  const placeIds = [...new Set(groups.map((g) => g.place_of_service_id).filter((id) => id !== null))];
  const [orgs, places] = await Promise.all([
    orgIds.length ? knex('organizations').whereIn('id', orgIds).select('id', 'name') : [],
    placeIds.length ? knex('places_of_service').whereIn('id', placeIds).select('id', 'name') : [],
  ]);
  return {
    organizations: new Map<number | null, string>(orgs.map((o: { id: number; name: string }) => [Number(o.id), o.name])),
    places: new Map<number | null, string>(places.map((p: { id: number; name: string }) => [Number(p.id), p.name])),
  };
}

/**
 * The snapshot groups a viewer may see: every group for a global reader; for a scoped role its
 * own organisation's, at the places it sees or at no place. The trend adds up whole groups, so
 * it follows the organisation and places a user works in, not each record's scope.
 */
function visibleGroups(knex: Knex, viewer: CurrentUser): Sql {
  if (isGlobalReader(viewer)) return trusted('true');
  const places = resourceScopeSql(knex, 'places_of_service', [viewer]);
  return sql`(s.organization_id = ${viewer.organization_id ?? -1}
              and (s.place_of_service_id is null or s.place_of_service_id in (select places_of_service.id from places_of_service where ${places('places_of_service.id')})))`;
}

/** The dates of the latest snapshots, oldest first, and each check's count at each (0 when none). */
async function trendOf(knex: Knex, query: ScorecardQuery): Promise<Map<DataQualityCheck, { taken_on: string; count: number }[]>> {
  const conditions: Sql[] = [trusted('true'), ...query.viewers.map((viewer) => visibleGroups(knex, viewer))];
  if (query.organization_id !== null) conditions.push(sql`s.organization_id = ${query.organization_id}`);
  if (query.place_of_service_id !== null) conditions.push(sql`s.place_of_service_id = ${query.place_of_service_id}`);
  const points = (
    await run<{ taken_on: string }>(
      knex,
      sql`select to_char(taken_on, 'YYYY-MM-DD') as taken_on from (
            select distinct taken_on from data_quality_snapshots where taken_on <= ${query.today}::date
            order by taken_on desc limit ${TREND_POINTS}) latest
          order by taken_on`,
    )
  ).map((p) => p.taken_on);
  const sums = points.length
    ? await run<{ check_key: DataQualityCheck; taken_on: string; count: number }>(
        knex,
        sql`select s.check_key, to_char(s.taken_on, 'YYYY-MM-DD') as taken_on, sum(s.record_count)::int as count
            from data_quality_snapshots s
            where s.taken_on between ${points[0]}::date and ${points[points.length - 1]}::date and ${joinSql(conditions, ' and ')}
            group by s.check_key, s.taken_on`,
      )
    : [];
  const count = new Map(sums.map((row) => [`${row.check_key}|${row.taken_on}`, row.count]));
  return new Map(DATA_QUALITY_CHECKS.map((key) => [key, points.map((taken_on) => ({ taken_on, count: count.get(`${key}|${taken_on}`) ?? 0 }))]));
}
