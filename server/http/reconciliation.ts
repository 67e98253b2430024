import type { Router } from 'express';
import type { Knex } from 'knex';
import { PAYMENT_KINDS, RECONCILIATION_GAPS, type PaymentKind, type ReconciliationGap } from '../../contract/enums';
import { RECONCILIATION_ROLES, type RequestReconciliation } from '../../contract/reconciliation';
import { currentUser } from '../auth/middleware';
import { today } from '../dates';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { say } from '../messages';
import { GAP_SORTS, listGaps, requestReconciliation, type GapSort } from '../reconciliation/reconcile';
import { TRANSITION_IN_TYPE } from '../workflows/supportRequests';
import type { GapQuery } from '../reconciliation/gaps';
import { reportOrganization } from '../reports/reportScope';
import { scopedQuery } from '../resources/engine';
import { findResource } from '../resources/registry';
import type { SupportRequest } from '../models/SupportRequest';
import { describedRouter } from '../openapi/operations';
import { json, PATH_ID } from '../openapi/schemas';
import { GAP_ROW, REQUEST_RECONCILIATION } from '../reconciliation/answers';
import { listAnswer } from '../resources/openapi';
import { DATE_PARAMETER, ID_PARAMETER, checkPeriod, computedList, computedListQuery, sendPage, type ComputedListSpec } from './computedList';

/**
 * GET /api/payment_reconciliation — the finance work list: every gap of the service months from
 * `from` to `to` (optionally one organisation's), in the list protocol (sort by service_month,
 * gap, kind, organization_id or actual_amount; filter `gap`, `kind`). For the roles of
 * RECONCILIATION_ROLES; an organisation administrator gets its own organisation's, like a report.
 * GET /api/payment_reconciliation/support_requests/:id — one request's service months, expected
 * against its lines, for whoever may read the request.
 */
const MAX_PERIOD_DAYS = 3660;

interface GapFilter {
  gap?: ReconciliationGap | ReconciliationGap[];
  kind?: PaymentKind | PaymentKind[];
}

const oneOrMany = (values: readonly string[]) => ({ anyOf: [{ enum: [...values] }, { type: 'array', items: { enum: [...values] } }] });

const SPEC: ComputedListSpec<GapSort> = {
  parameters: { from: DATE_PARAMETER, to: DATE_PARAMETER, organization_id: ID_PARAMETER },
  required: ['from', 'to'],
  sorts: GAP_SORTS,
  defaultSort: ['service_month', 'ASC'],
  filter: { gap: oneOrMany(RECONCILIATION_GAPS), kind: oneOrMany(PAYMENT_KINDS) },
};
const parseList = computedList<GapSort, GapFilter>(SPEC);

const EVERY_MONTH = { from: '1900-01-01', to: '2999-12-31' };

export function createReconciliationRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const { knex, clock } = deps;
  const routes = describedRouter({ tag: 'payment_reconciliation' });

  const list = { summary: 'The finance work list: the gaps of the service months from `from` to `to`', query: computedListQuery(SPEC), responses: { 200: listAnswer('A page of gaps', GAP_ROW, false) } };
  routes.get('/', list, async (req, res) => {
    const user = currentUser(req);
    if (!RECONCILIATION_ROLES.includes(user.role)) throw new ForbiddenError(say('role_may_not_reconcile', { role: user.role }));
    const { parameters, filter, sort, range } = parseList(req.query as Record<string, unknown>);
    checkPeriod(parameters.from, parameters.to, MAX_PERIOD_DAYS);
    const requested = parameters.organization_id === undefined ? null : Number(parameters.organization_id);
    const query: GapQuery = {
      from: parameters.from,
      to: parameters.to,
      today: today(clock),
      organization_id: reportOrganization(user, requested),
      support_request_id: null,
      gaps: filter.gap === undefined ? RECONCILIATION_GAPS : [filter.gap].flat(),
      kinds: filter.kind === undefined ? PAYMENT_KINDS : [filter.kind].flat(),
      viewers: [],
    };
    const { rows, total } = await listGaps(knex, query, sort, range);
    sendPage(res, 'payment_reconciliation', rows, range[0], total);
  });

  const request = {
    summary: 'One support request\'s service months, expected against its payment lines',
    pathParameters: { id: PATH_ID },
    responses: { 200: json('The months and gaps', REQUEST_RECONCILIATION) },
  };
  routes.get('/support_requests/:id', request, async (req, res) => {
    const user = currentUser(req);
    const id = String(req.params.id);
    if (!/^\d{1,15}$/.test(id)) throw new ValidationError(say('not_a_record_id', { id }), { id: say('field_whole_number') });
    const request = (await scopedQuery(findResource('support_requests')!, user, knex).findById(Number(id))) as SupportRequest | undefined;
    if (!request) throw new NotFoundError(say('record_not_found', { records: 'support_requests', id }));
    const query: GapQuery = {
      ...EVERY_MONTH,
      today: today(clock),
      organization_id: null,
      support_request_id: request.id,
      gaps: RECONCILIATION_GAPS,
      kinds: PAYMENT_KINDS,
      viewers: [user],
    };
    const { months, gaps } = await requestReconciliation(knex, query);
    const body: RequestReconciliation = {
      support_request_id: request.id,
      status: request.status,
      kind: request.type_code === TRANSITION_IN_TYPE ? 'transition_in' : 'support',
      frequency: request.frequency,
      amount: request.amount,
      months,
      gaps,
    };
    res.json(body);
  });

  return routes.router;
}
