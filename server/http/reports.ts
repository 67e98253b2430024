import type { Request, Router } from 'express';
import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { runComparedReport } from '../reports/compare';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { CurrentUser } from '../access/roles';
import { readAheadOfConfirmation } from '../auth/middleware';
import { reportOrganization } from '../reports/reportScope';
import { say } from '../messages';
import { READABLE_PARAMETERS, readableOptions, type Language, type Readable } from '../exports/labels';
import { writtenTable } from '../exports/reportColumns';
import { sendDownload, type DownloadFormat } from '../exports/send';
import { describedRouter } from '../openapi/operations';
import { DATE, DATE_TIME, ID, nullable, object, READ_SOURCE, STRING, type Schema } from '../openapi/schemas';
import { FLAG_PARAMETER, isOn, parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { CSV, XLSX } from '../resources/openapi';
import { REPORTS } from '../reports/registry';
import { createReportMemo } from '../reports/runMemo';
import { suppressSmallCounts } from '../reports/suppression';
import type { ReportDefinition } from '../reports/types';
import type { ComparisonKind } from '../../contract/reports';
import { compileCheck } from '../validation';
import { cancelOnClose } from './cancelOnClose';
import { addExplanationRoutes } from './explanations';
import { addTrendRoute, COMPARE_PARAMETER, comparisonSchema } from './trends';
import { addWaitingListRoute } from './waitingList';
import { addPaymentContractsRoute } from './paymentContracts';
import './types';

/**
 * GET /api/reports/:name — the reports of server/reports/registry.ts as JSON, or with
 * `format=csv|xlsx` as a download of one of the report's tables (`table=`, default the first;
 * `bom=1` for a CSV with a UTF-8 byte-order mark, `suppress_small=1` for counts of 1 to 4
 * withheld, suppression.ts), `compare=previous|last_year` for the comparison period's answer
 * and figures beside it (reports/compare.ts); a run asked for again within a page load is answered
 * once (reports/runMemo.ts). Parameters: docs/api.md "Reports". Every run and every download
 * writes an audit_events row (action `report` or `export`, resource `reports/<name>`, the
 * parameters as `changes.after`). GET /api/reports/:name/records and /explanation: explanations.ts;
 * /trend: trends.ts; GET /api/reports/wait-times/waiting: waitingList.ts.
 */
interface Download {
  format: DownloadFormat;
  table: string;
  bom: boolean;
  suppress_small: boolean;
}


/** The download parameters of a report (its tables). */
function downloadParameters(report: ReportDefinition<any>) {
  const tables = Object.keys(report.tables);
  return {
    format: { type: 'string', enum: ['csv', 'xlsx'], 'x-message': say('field_csv_or_xlsx') },
    table: { type: 'string', enum: tables, 'x-message': say('field_one_of_capital', { values: tables.join(', ') }) },
    bom: { type: 'string', ...FLAG_PARAMETER },
    suppress_small: { type: 'string', ...FLAG_PARAMETER },
    ...READABLE_PARAMETERS,
  };
}

/** The download parameters a report takes, and no parameter it does not know. */
function downloadCheck(report: ReportDefinition<any>) {
  return compileCheck<{ format?: DownloadFormat; table?: string; bom?: string; suppress_small?: string; compare?: ComparisonKind; lang?: Language; headers?: Readable['headers'] }>({
    type: 'object',
    properties: {
      ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])),
      ...downloadParameters(report),
      compare: COMPARE_PARAMETER,
    },
    additionalProperties: false,
    'x-message': { additionalProperties: say('field_unknown_parameter') },
  }, () => say('report_parameters_invalid'));
}

const downloadChecks = new Map<string, ReturnType<typeof downloadCheck>>();

/** The download asked for (null: the JSON answer) and the comparison, which only the JSON answer has. */
function parseDownload(req: Request, report: ReportDefinition<any>): { download: Download | null; readable: Readable; compare: ComparisonKind | null } {
  const query = req.query;
  let check = downloadChecks.get(report.name);
  if (!check) downloadChecks.set(report.name, (check = downloadCheck(report)));
  const { format, table, bom, suppress_small, compare, lang, headers } = check(query);
  const readable = readableOptions({ lang, headers }, req.headers['accept-language']);
  if (compare !== undefined && (format !== undefined || !report.figures)) {
    const why = format !== undefined ? say('field_compare_json_only') : say('field_report_lists_records', { report: report.name });
    throw new ValidationError(say('report_parameters_invalid'), { compare: why });
  }
  if (format === undefined) {
    if (suppress_small !== undefined) throw new ValidationError(say('report_parameters_invalid'), { suppress_small: say('field_downloads_only') });
    return { download: null, readable, compare: compare ?? null };
  }
  return { download: { format, table: table ?? Object.keys(report.tables)[0], bom: isOn(bom), suppress_small: isOn(suppress_small) }, readable, compare: null };
}

async function organizationName(knex: Knex, organizationId: number | null): Promise<string> {
  if (organizationId === null) return 'All organisations';
  const row = await knex('organizations').where('id', organizationId).first('name');
  if (!row) throw new NotFoundError(say('organization_not_found'));
  return row.name;
}

/** The header every report answer starts with (contract/reports.ts `ReportHeader`). */
export const REPORT_HEADER: Record<string, Schema> = {
  from: DATE,
  to: DATE,
  organization_id: nullable(ID),
  generated_at: DATE_TIME,
  ...READ_SOURCE,
};

const DOWNLOAD_HEADERS = {
  'X-Read-From': { description: '`replica` or `primary`', schema: STRING },
  'X-Data-As-Of': { description: 'everything committed by this instant is in the numbers', schema: STRING },
  'X-Read-Note': { description: 'why a configured standby was not read', schema: STRING },
};

const reportSpecs = () =>
  [...REPORTS.values()].map((report) => ({
    params: { name: report.name },
    spec: {
      tag: 'reports',
      summary: `${report.title}${report.roles ? ` (roles: ${report.roles.join(', ')})` : ''}; with format=csv|xlsx one of its tables as a download`,
      query: {
        properties: { ...PERIOD_PARAMETER_SCHEMAS, ...downloadParameters(report), ...(report.figures ? { compare: { type: 'string', ...COMPARE_PARAMETER } } : {}) },
        // the comparison is the JSON answer's: a download holds the period's own numbers
        exclusive: report.figures ? ([['compare', 'format']] as const) : [],
      },
      responses: {
        200: {
          description: report.figures ? 'The report (with compare, `comparison` beside it), or the download' : 'The report, or the download',
          headers: DOWNLOAD_HEADERS,
          content: {
            'application/json': { schema: object({ ...REPORT_HEADER, ...report.answer, ...(report.figures ? { comparison: comparisonSchema(report.answer) } : {}) }, ['comparison']) },
            [CSV]: { schema: STRING },
            [XLSX]: { schema: { type: 'string', contentEncoding: 'binary' } },
          },
        },
      },
    },
  }));

const REPORT_RUN = /^\/reports\/[^/]+\/?$/i;

/**
 * GET /api/reports/:name reads ahead of its session's confirmation (server/auth/middleware.ts
 * `readAhead`): its handler below waits for it before anything else.
 */
export function isReportRun(req: Request): boolean {
  return req.method === 'GET' && REPORT_RUN.test(req.path);
}

export function createReportRouter(deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): Router {
  const { knex, clock, reads } = deps;
  // a report, its comparisons and its trend asked for in one page load run once (runMemo.ts)
  const memo = createReportMemo();
  const routes = describedRouter({ tag: 'reports' });
  // a report, trend or explanation nobody waits for any more stops at once
  routes.router.use(cancelOnClose);
  addExplanationRoutes(routes, deps);
  addTrendRoute(routes, { ...deps, memo });
  addWaitingListRoute(routes, deps);
  addPaymentContractsRoute(routes, deps);

  /** What a run answers before its audit row, asked as `user`: the checks, the report and the organisation's name. */
  async function runAs(req: Request, user: CurrentUser) {
    const report = REPORTS.get(String(req.params.name));
    if (!report) throw new NotFoundError(say('no_such_report'));
    if (report.roles && !report.roles.includes(user.role)) throw new ForbiddenError(say('role_may_not_run', { role: user.role, name: report.name }));
    const params = parseReportParams(req.query);
    const { download, readable, compare } = parseDownload(req, report);
    // the organisation's name (and whether it exists) beside the report, not after it
    const naming = organizationName(knex, reportOrganization(user, params.organization_id));
    naming.catch(() => undefined);
    const body = await runComparedReport(knex, clock, user, report.name, params, compare, { reads, memo });
    return { report, params, download, readable, compare, body, orgName: await naming };
  }

  routes.get('/:name', { expand: reportSpecs }, async (req, res) => {
    // The run reads with the session this instance keeps while the session's catch-up is under
    // way (app.ts `readAhead`); nothing is written or answered, not even an error, before it is
    // confirmed, and a user changed meanwhile is answered as they are now.
    const { user, result } = await readAheadOfConfirmation(req, (asUser) => runAs(req, asUser));
    const { report, params, download, readable, compare, body, orgName } = result;
    const organizationId = body.organization_id as number | null;

    await writeAudit(knex, {
      user_id: user.id,
      action: download ? 'export' : 'report',
      resource: `reports/${report.name}`,
      after: { ...params, organization_id: organizationId, ...(download ?? {}), ...(compare ? { compare } : {}) },
      ip: req.ip ?? null,
    });

    if (!download) {
      res.json(body);
      return;
    }
    const whole = report.forDownload ? await report.forDownload(body as never, download.table) : body;
    const built = report.tables[download.table](whole as never, { from: params.from, to: params.to, organization_name: orgName, language: readable.language });
    const table = download.suppress_small ? suppressSmallCounts(built) : built;
    await sendDownload(res, {
      filename: `${report.name}_${download.table}_${params.from}_${params.to}`,
      format: download.format,
      ...writtenTable(table, readable),
      bom: download.bom,
      sheetName: report.title,
      source: body,
    });
  });

  return routes.router;
}
