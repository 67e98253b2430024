import type { Request, Router } from 'express';
import type { Knex } from 'knex';
import { COMPLIANCE_RULES, COMPLIANCE_STATUSES, type ComplianceRule, type ComplianceStatus } from '../../contract/enums';
import type { ComplianceCalendar } from '../../contract/compliance';
import type { CurrentUser } from '../access/roles';
import { currentUser } from '../auth/middleware';
import { ITEM_SORTS, countItems, listItems, type ItemQuery, type ItemSort } from '../compliance/items';
import { today } from '../dates';
import { NotFoundError } from '../errors';
import { say } from '../messages';
import { scopedQuery } from '../resources/engine';
import { findResource } from '../resources/registry';
import { describedRouter } from '../openapi/operations';
import { arrayOf, DATE, ID, INTEGER, json, nullable, object, oneOf, STRING } from '../openapi/schemas';
import { listAnswer } from '../resources/openapi';
import { DATE_PARAMETER, ID_PARAMETER, checkPeriod, computedList, computedListQuery, sendPage, type ComputedListSpec } from './computedList';

/**
 * GET /api/compliance — the compliance calendar's items due from `from` to `to`, in the list
 * protocol (sort by due_on, rule or status; range; filter `rule`, `status`, `due_on`), narrowed
 * to what the caller may see of each rule's records and optionally to an organisation, a
 * place, or what a given user (`user_id`, a worker the caller may see) sees.
 * GET /api/compliance/calendar — the same items counted per day, rule and status.
 * docs/compliance.md has the rules.
 */
const MAX_PERIOD_DAYS = 731;

interface ItemFilter {
  rule?: ComplianceRule | ComplianceRule[];
  status?: ComplianceStatus;
  due_on?: string;
}

const SPEC: ComputedListSpec<ItemSort> = {
  parameters: {
    from: DATE_PARAMETER,
    to: DATE_PARAMETER,
    organization_id: ID_PARAMETER,
    place_of_service_id: ID_PARAMETER,
    user_id: ID_PARAMETER,
  },
  required: ['from', 'to'],
  sorts: ITEM_SORTS,
  defaultSort: ['due_on', 'ASC'],
  filter: {
    rule: { anyOf: [{ enum: [...COMPLIANCE_RULES] }, { type: 'array', items: { enum: [...COMPLIANCE_RULES] } }] },
    status: { enum: [...COMPLIANCE_STATUSES] },
    due_on: { type: 'string', format: 'date' },
  },
};

const CALENDAR_SPEC: ComputedListSpec<ItemSort> = { ...SPEC, paged: false };
const parseList = computedList<ItemSort, ItemFilter>(SPEC);
const parseCalendar = computedList<ItemSort, ItemFilter>(CALENDAR_SPEC);

/** contract/compliance.ts */
const ITEM = object({
  id: STRING,
  rule: oneOf(COMPLIANCE_RULES),
  due_on: DATE,
  status: oneOf(COMPLIANCE_STATUSES),
  resource: STRING,
  record_id: ID,
  child_id: ID,
  child_name: nullable(STRING),
  organization_id: nullable(ID),
  organization_name: nullable(STRING),
  place_of_service_id: nullable(ID),
  place_name: nullable(STRING),
  period: nullable(DATE),
});
const CALENDAR = object({
  from: DATE,
  to: DATE,
  today: DATE,
  counts: arrayOf(object({ date: DATE, rule: oneOf(COMPLIANCE_RULES), status: oneOf(COMPLIANCE_STATUSES), count: INTEGER })),
});

/** The users whose scope the items must be in: the caller, and the user it looks at through `user_id`. */
async function viewersOf(knex: Knex, caller: CurrentUser, userId: string | undefined): Promise<CurrentUser[]> {
  if (userId === undefined) return [caller];
  const users = findResource('users')!;
  const shown = (await scopedQuery(users, caller, knex).findById(Number(userId))) as unknown as CurrentUser | undefined;
  if (!shown) throw new NotFoundError(say('record_not_found', { records: 'users', id: userId }), { user_id: say('field_no_such_record') });
  return [caller, shown];
}

async function itemQuery(knex: Knex, clock: () => Date, req: Request, parsed: ReturnType<typeof parseList>): Promise<ItemQuery> {
  const { parameters, filter } = parsed;
  checkPeriod(parameters.from, parameters.to, MAX_PERIOD_DAYS);
  const optionalId = (name: string) => (parameters[name] === undefined ? null : Number(parameters[name]));
  return {
    today: today(clock),
    from: parameters.from,
    to: parameters.to,
    organization_id: optionalId('organization_id'),
    place_of_service_id: optionalId('place_of_service_id'),
    rules: filter.rule === undefined ? COMPLIANCE_RULES : [filter.rule].flat(),
    status: filter.status ?? null,
    due_on: filter.due_on ?? null,
    viewers: await viewersOf(knex, currentUser(req), parameters.user_id),
  };
}

export function createComplianceRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const { knex, clock } = deps;
  const routes = describedRouter({ tag: 'compliance' });

  const list = { summary: 'The compliance calendar\'s items due from `from` to `to`, in the list protocol', query: computedListQuery(SPEC), responses: { 200: listAnswer('A page of items', ITEM, false) } };
  routes.get('/', list, async (req, res) => {
    const parsed = parseList(req.query as Record<string, unknown>);
    const { rows, total } = await listItems(knex, await itemQuery(knex, clock, req, parsed), parsed.sort, parsed.range);
    sendPage(res, 'compliance', rows, parsed.range[0], total);
  });

  const calendar = {
    summary: 'The same items counted per day, rule and status',
    query: computedListQuery(CALENDAR_SPEC),
    responses: { 200: json('The counts', CALENDAR) },
  };
  routes.get('/calendar', calendar, async (req, res) => {
    const parsed = parseCalendar(req.query as Record<string, unknown>);
    const query = await itemQuery(knex, clock, req, parsed);
    const body: ComplianceCalendar = { from: query.from, to: query.to, today: query.today, counts: await countItems(knex, query) };
    res.json(body);
  });

  return routes.router;
}
