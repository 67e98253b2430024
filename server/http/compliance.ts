import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { COMPLIANCE_RULES, COMPLIANCE_STATUSES, type ComplianceRule, type ComplianceStatus } from '../../contract/enums';
import type { ComplianceCalendar } from '../../contract/compliance';
import type { CurrentUser } from '../access/roles';
import { currentUser } from '../auth/middleware';
import { ITEM_SORTS, countItems, listItems, type ItemQuery, type ItemSort } from '../compliance/items';
import { today } from '../dates';
import { NotFoundError } from '../errors';
import { scopedQuery } from '../resources/engine';
import { findResource } from '../resources/registry';
import { DATE_PARAMETER, ID_PARAMETER, checkPeriod, computedList, sendPage, type ComputedListSpec } from './computedList';

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

const parseList = computedList<ItemSort, ItemFilter>(SPEC);
const parseCalendar = computedList<ItemSort, ItemFilter>({ ...SPEC, paged: false });

/** The users whose scope the items must be in: the caller, and the user it looks at through `user_id`. */
async function viewersOf(knex: Knex, caller: CurrentUser, userId: string | undefined): Promise<CurrentUser[]> {
  if (userId === undefined) return [caller];
  const users = findResource('users')!;
  const shown = (await scopedQuery(users, caller, knex).findById(Number(userId))) as unknown as CurrentUser | undefined;
  if (!shown) throw new NotFoundError(`No users record ${userId}`, { user_id: 'no such record' });
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
  const router = Router();

  router.get('/', async (req, res) => {
    const parsed = parseList(req.query as Record<string, unknown>);
    const { rows, total } = await listItems(knex, await itemQuery(knex, clock, req, parsed), parsed.sort, parsed.range);
    sendPage(res, 'compliance', rows, parsed.range[0], total);
  });

  router.get('/calendar', async (req, res) => {
    const parsed = parseCalendar(req.query as Record<string, unknown>);
    const query = await itemQuery(knex, clock, req, parsed);
    const body: ComplianceCalendar = { from: query.from, to: query.to, today: query.today, counts: await countItems(knex, query) };
    res.json(body);
  });

  return router;
}
