import type { Router } from 'express';
import type { Knex } from 'knex';
import { currentUser } from '../auth/middleware';
import { checkRecordsSql, scorecard, type ScorecardQuery } from '../dataQuality/scorecard';
import { findCheck } from '../dataQuality/registry';
import { today } from '../dates';
import { sql, trusted, type Sql } from '../db/sql';
import { ForbiddenError, NotFoundError } from '../errors';
import { say } from '../messages';
import { mayDo, present, scopedQuery } from '../resources/engine';
import { applyFilter, applySort, parseListParams } from '../resources/listQuery';
import { findResource } from '../resources/registry';
import { compileCheck } from '../validation';
import { DATA_QUALITY_CHECKS } from '../../contract/enums';
import { dataQualityChecks } from '../dataQuality/registry';
import { describedRouter } from '../openapi/operations';
import { arrayOf, DATE, ID, INTEGER, json, jsonParameter, nullable, object, oneOf, ref, sameFor, STRING } from '../openapi/schemas';
import { listAnswer, listQuery } from '../resources/openapi';
import { ID_PARAMETER, sendPage } from './computedList';
import type { CurrentUser } from '../access/roles';
import type { ResourceDeclaration } from '../resources/types';

/**
 * GET /api/data_quality — the scorecard for the caller's scope, optionally of one organisation
 * (`organization_id`) or place (`place_of_service_id`).
 * GET /api/data_quality/<check>/records — the records a count stands for, in the list protocol of
 * the check's resource (its sorts and filters), with the group in the filter:
 * `filter={"organization_id":…,"place_of_service_id":…}` (null: records at no place).
 */
const SCORECARD_PARAMETERS = { organization_id: ID_PARAMETER, place_of_service_id: ID_PARAMETER };
const checkScorecardQuery = compileCheck<{ organization_id?: string; place_of_service_id?: string }>({
  type: 'object',
  properties: SCORECARD_PARAMETERS,
  additionalProperties: false,
  'x-message': { additionalProperties: say('field_unknown_parameter') },
});

/** contract/dataQuality.ts `DataQualityScorecard`. */
const COUNTS = object(sameFor(DATA_QUALITY_CHECKS, INTEGER));
const ORGANIZATION = { organization_id: nullable(ID), organization_name: nullable(STRING) };
const SCORECARD = object({
  as_of: DATE,
  checks: arrayOf(object({ key: oneOf(DATA_QUALITY_CHECKS), resource: STRING, total: INTEGER, trend: arrayOf(object({ taken_on: DATE, count: INTEGER })) })),
  organizations: arrayOf(object({ ...ORGANIZATION, counts: COUNTS })),
  places: arrayOf(object({ ...ORGANIZATION, place_of_service_id: nullable(ID), place_name: nullable(STRING), counts: COUNTS })),
});

/** The group in a records list's filter, checked before the resource's own filter. */
const GROUP_FILTER = {
  organization_id: { type: ['integer', 'null'], minimum: 1, 'x-message': say('field_record_id_or_null') },
  place_of_service_id: { type: ['integer', 'null'], minimum: 1, 'x-message': say('field_record_id_or_null') },
};
const checkGroup = compileCheck<{ organization_id?: number | null; place_of_service_id?: number | null }>({ type: 'object', properties: GROUP_FILTER });

/** The list protocol of the check's resource, its filter taking the group as GROUP_FILTER says. */
function recordsQuery(declaration: ResourceDeclaration) {
  const { filter, ...rest } = listQuery(declaration);
  const resourceFilter = filter.contentSchema as { properties: Record<string, unknown> };
  return { ...rest, filter: jsonParameter({ ...resourceFilter, properties: { ...resourceFilter.properties, ...GROUP_FILTER } }, String(filter.description)) };
}

/** A group column asked for: any (not in the filter), none (null) or one. */
function groupIs(column: 'organization_id' | 'place_of_service_id', value: number | null | undefined): Sql {
  if (value === undefined) return sql``;
  return value === null ? sql` and g.${trusted(column)} is null` : sql` and g.${trusted(column)} = ${value}`;
}

function baseQuery(clock: () => Date, user: CurrentUser): Omit<ScorecardQuery, 'organization_id' | 'place_of_service_id'> {
  return { today: today(clock), now: clock().toISOString(), viewers: [user] };
}

export function createDataQualityRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const { knex, clock } = deps;
  const routes = describedRouter({ tag: 'data_quality' });

  const scorecardSpec = {
    summary: 'The data-quality scorecard of the caller\'s scope, optionally of one organisation or place',
    query: { properties: SCORECARD_PARAMETERS },
    responses: { 200: json('The scorecard', SCORECARD) },
  };
  routes.get('/', scorecardSpec, async (req, res) => {
    const params = checkScorecardQuery(req.query);
    const id = (value: string | undefined) => (value === undefined ? null : Number(value));
    res.json(
      await scorecard(knex, {
        ...baseQuery(clock, currentUser(req)),
        organization_id: id(params.organization_id),
        place_of_service_id: id(params.place_of_service_id),
      }),
    );
  });

  const recordsSpec = {
    expand: () =>
      dataQualityChecks.map((check) => {
        const declaration = findResource(check.resource)!;
        return {
          params: { check: check.key },
          spec: {
            summary: `The ${check.resource} records of ${check.key}, in the list protocol of ${check.resource}; the group (organization_id, place_of_service_id) in the filter`,
            query: { properties: recordsQuery(declaration) },
            responses: { 200: listAnswer('A page of records', ref(check.resource), false) },
          },
        };
      }),
  };
  routes.get('/:check/records', recordsSpec, async (req, res) => {
    const check = findCheck(String(req.params.check));
    if (!check) throw new NotFoundError(say('no_data_quality_check', { name: String(req.params.check) }));
    const declaration = findResource(check.resource)!;
    const user = currentUser(req);
    if (!mayDo(declaration, user, 'read')) throw new ForbiddenError(say('role_may_not', { role: user.role, action: 'read', records: declaration.name }));
    const params = parseListParams(declaration, req.query as Record<string, unknown>);
    const { organization_id, place_of_service_id, ...filter } = params.filter;
    const group = checkGroup({ organization_id, place_of_service_id });
    const records = checkRecordsSql(knex, check, { ...baseQuery(clock, user), organization_id: null, place_of_service_id: null });
    const inGroup = sql`select g.record_id from (${records}) g where true${groupIs('organization_id', group.organization_id)}${groupIs('place_of_service_id', group.place_of_service_id)}`;
    const table = declaration.model.tableName;
    const qb = scopedQuery(declaration, user, knex).whereRaw(`${table}.id = any(array(${inGroup.text}))`, inGroup.values as never[]);
    applyFilter(qb, declaration, filter);
    applySort(qb, declaration, params.sort);
    const [start, end] = params.range;
    const { results, total } = await qb.range(start, end);
    sendPage(res, check.key, results.map((record) => present(declaration, record)), start, total);
  });

  return routes.router;
}
