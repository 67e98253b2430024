import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { today } from '../dates';
import { UnauthenticatedError } from '../errors';
import { say } from '../messages';
import { READABLE_PARAMETERS, readableOptions, type Language, type Readable } from '../exports/labels';
import { streamedDownload } from '../exports/reportColumns';
import { sendDownload, setReadHeaders, type DownloadFormat } from '../exports/send';
import type { DescribedRouter } from '../openapi/operations';
import { FLAG_PARAMETER, isOn, parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { reportScope } from '../reports/reportScope';
import { countedOn } from '../reports/types';
import { rolledUpWaitingSql, WAITING_CHILD, WAITING_DOWNLOAD_COLUMNS, waitingPage, waitTimesReport, type WaitingQuery } from '../reports/waitTimes';
import { parseJsonParam, parseRange } from '../resources/listQuery';
import { listAnswer } from '../resources/openapi';
import { compileCheck } from '../validation';
import { RANGE_PARAMETER } from './explanations';
import { sendPage } from './computedList';

/**
 * GET /api/reports/wait-times/waiting — the wait-times report's whole waiting list (its answer
 * carries the first page and `waiting_total`): the children waiting for CSP initiation on `to`,
 * or today when `to` is later, for the period's parameters of the report, in the report's order,
 * in the list protocol (`range=[0,24]`, `Content-Range: waiting 0-24/17824`), or with
 * `format=csv|xlsx` every one of them as a download. The caller's scope is the report's (the
 * organisation: server/reports/reportScope.ts); every call writes an audit_events row as the
 * report does (action `report`, or `export` for a download; resource `reports/wait-times/waiting`).
 */
type WaitingListQuery = { range?: string; format?: DownloadFormat; bom?: string; lang?: Language; headers?: Readable['headers'] };

const PARAMETERS = {
  range: RANGE_PARAMETER,
  format: { type: 'string', enum: ['csv', 'xlsx'], 'x-message': say('field_csv_or_xlsx') },
  bom: { type: 'string', ...FLAG_PARAMETER },
  ...READABLE_PARAMETERS,
};

const check = compileCheck<WaitingListQuery>(
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
  summary: 'The children waiting for CSP initiation (the wait-times report\'s `waiting`, every page), in the list protocol, or with format=csv|xlsx all of them',
  query: { properties: { ...PERIOD_PARAMETER_SCHEMAS, ...PARAMETERS } },
  responses: { 200: listAnswer('A page of the children waiting, or the download', WAITING_CHILD, true) },
};

export function addWaitingListRoute(routes: DescribedRouter, deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): void {
  const { knex, clock, reads } = deps;
  routes.get(`/${waitTimesReport.name}/waiting`, SPEC, async (req, res) => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const options = check(req.query);
    const params = parseReportParams(req.query);
    const organizationId = reportScope(user, params.organization_id, today(clock)).organization_id;
    const query: WaitingQuery = { organization_id: organizationId, as_of: countedOn(params.to, today(clock)) };
    const audit = (action: 'report' | 'export', extra: Record<string, unknown>) =>
      writeAudit(knex, { user_id: user.id, action, resource: `reports/${waitTimesReport.name}/waiting`, after: { ...params, organization_id: organizationId, ...extra }, ip: req.ip ?? null });
    if (options.format) {
      await audit('export', { format: options.format, bom: isOn(options.bom) });
      const source = await reads.choose();
      await sendDownload(res, {
        filename: `${waitTimesReport.name}_waiting_${params.from}_${params.to}`,
        format: options.format,
        ...streamedDownload(source.knex, WAITING_DOWNLOAD_COLUMNS, rolledUpWaitingSql(organizationId, ':as_of'), query, readableOptions(options, req.headers['accept-language'])),
        bom: isOn(options.bom),
        source,
        sheetName: `${waitTimesReport.title} waiting`,
      });
      return;
    }
    const range = parseRange(parseJsonParam('range', options.range));
    const { result: page, source } = await reads.read((from) => waitingPage(from, query, range));
    await audit('report', { range });
    setReadHeaders(res, source);
    sendPage(res, 'waiting', page.rows, range[0], page.total);
  });
}
