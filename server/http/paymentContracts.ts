import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { today } from '../dates';
import { UnauthenticatedError } from '../errors';
import { say } from '../messages';
import type { DescribedRouter } from '../openapi/operations';
import { PAYMENT_CONTRACT, paymentContractsPage, paymentSummaryReport, type ContractsQuery } from '../reports/paymentSummary';
import { parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { reportScope } from '../reports/reportScope';
import { parseJsonParam, parseRange } from '../resources/listQuery';
import { listAnswer } from '../resources/openapi';
import { setReadHeaders } from '../exports/send';
import { compileCheck } from '../validation';
import { RANGE_PARAMETER } from './explanations';
import { sendPage } from './computedList';

/**
 * GET /api/reports/payment-summary/contracts — the payment summary's contract rows, every page
 * (its answer carries the first page and `contracts_total`): each contract's totals over the
 * period's service months, for the report's period parameters, in the report's order
 * (organisation name, then contract number), in the list protocol (`range=[0,24]`,
 * `Content-Range: contracts 0-24/2500`). The caller's scope is the report's: the organisation
 * and, for the roles that see fewer payments than their organisation's, the payments they see
 * (server/reports/reportScope.ts). Every call writes an audit_events row as the report does
 * (action `report`, resource `reports/payment-summary/contracts`). The download of every
 * contract is the report's own `contracts` table (`GET /api/reports/payment-summary?format=csv&table=contracts`).
 */
type ContractsListQuery = { range?: string };

const PARAMETERS = { range: RANGE_PARAMETER };

const check = compileCheck<ContractsListQuery>(
  {
    type: 'object',
    properties: { ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])), ...PARAMETERS },
    additionalProperties: false,
    'x-message': { additionalProperties: say('field_unknown_parameter') },
  },
  () => say('report_parameters_invalid'),
);

const SPEC = {
  tag: 'reports',
  summary: "The payment summary's contract rows (its `contracts`, every page), in the list protocol",
  query: { properties: { ...PERIOD_PARAMETER_SCHEMAS, ...PARAMETERS } },
  responses: { 200: listAnswer("A page of the payment summary's contract rows", PAYMENT_CONTRACT, false) },
};

export function addPaymentContractsRoute(routes: DescribedRouter, deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): void {
  const { knex, clock, reads } = deps;
  routes.get(`/${paymentSummaryReport.name}/contracts`, SPEC, async (req, res) => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const options = check(req.query);
    const params = parseReportParams(req.query);
    const scope = reportScope(user, params.organization_id, today(clock));
    const query: ContractsQuery = { from: params.from, to: params.to, organization_id: scope.organization_id, records: scope.records };
    const range = parseRange(parseJsonParam('range', options.range));
    const { result: page, source } = await reads.read((from) => paymentContractsPage(from, query, range));
    await writeAudit(knex, {
      user_id: user.id,
      action: 'report',
      resource: `reports/${paymentSummaryReport.name}/contracts`,
      after: { ...params, organization_id: scope.organization_id, range },
      ip: req.ip ?? null,
    });
    setReadHeaders(res, source);
    sendPage(res, 'contracts', page.rows, range[0], page.total);
  });
}
