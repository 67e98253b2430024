import type { Request, Router } from 'express';
import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { runReport } from '../reports/run';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors';
import { sendDownload, type DownloadFormat } from '../exports/send';
import { describedRouter } from '../openapi/operations';
import { DATE, DATE_TIME, ID, nullable, object, oneOf, STRING, type Schema } from '../openapi/schemas';
import { FLAG_PARAMETER, isOn, parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { CSV, XLSX } from '../resources/openapi';
import { REPORTS } from '../reports/registry';
import { suppressSmallCounts } from '../reports/suppression';
import type { ReportDefinition } from '../reports/types';
import { compileCheck } from '../validation';
import { addExplanationRoutes } from './explanations';
import './types';

/**
 * GET /api/reports/:name — the reports of server/reports/registry.ts as JSON, or with
 * `format=csv|xlsx` as a download of one of the report's tables (`table=`, default the first;
 * `bom=1` for a CSV with a UTF-8 byte-order mark, `suppress_small=1` for counts of 1 to 4
 * withheld, suppression.ts). Parameters: docs/api.md "Reports". Every run and every download
 * writes an audit_events row (action `report` or `export`, resource `reports/<name>`, the
 * parameters as `changes.after`). GET /api/reports/:name/records and /explanation: explanations.ts.
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
    format: { type: 'string', enum: ['csv', 'xlsx'], 'x-message': 'Must be csv or xlsx' },
    table: { type: 'string', enum: tables, 'x-message': `Must be one of ${tables.join(', ')}` },
    bom: { type: 'string', ...FLAG_PARAMETER },
    suppress_small: { type: 'string', ...FLAG_PARAMETER },
  };
}

/** The download parameters a report takes, and no parameter it does not know. */
function downloadCheck(report: ReportDefinition<any>) {
  return compileCheck<{ format?: DownloadFormat; table?: string; bom?: string; suppress_small?: string }>({
    type: 'object',
    properties: {
      ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])),
      ...downloadParameters(report),
    },
    additionalProperties: false,
    'x-message': { additionalProperties: 'Unknown parameter' },
  }, () => 'Invalid report parameters');
}

const downloadChecks = new Map<string, ReturnType<typeof downloadCheck>>();

function parseDownload(query: Request['query'], report: ReportDefinition<any>): Download | null {
  let check = downloadChecks.get(report.name);
  if (!check) downloadChecks.set(report.name, (check = downloadCheck(report)));
  const { format, table, bom, suppress_small } = check(query);
  if (format === undefined) {
    if (suppress_small !== undefined) throw new ValidationError('Invalid report parameters', { suppress_small: 'Applies to downloads: give format=csv or xlsx' });
    return null;
  }
  return { format, table: table ?? Object.keys(report.tables)[0], bom: isOn(bom), suppress_small: isOn(suppress_small) };
}

async function organizationName(knex: Knex, organizationId: number | null): Promise<string> {
  if (organizationId === null) return 'All organisations';
  const row = await knex('organizations').where('id', organizationId).first('name');
  if (!row) throw new NotFoundError('Organisation not found');
  return row.name;
}

/** The header every report answer starts with (contract/reports.ts `ReportHeader`). */
export const REPORT_HEADER: Record<string, Schema> = {
  from: DATE,
  to: DATE,
  organization_id: nullable(ID),
  generated_at: DATE_TIME,
  data_as_of: DATE_TIME,
  read_from: oneOf(['replica', 'primary']),
  read_note: nullable(STRING),
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
      query: { properties: { ...PERIOD_PARAMETER_SCHEMAS, ...downloadParameters(report) } },
      responses: {
        200: {
          description: 'The report, or the download',
          headers: DOWNLOAD_HEADERS,
          content: {
            'application/json': { schema: object({ ...REPORT_HEADER, ...report.answer }) },
            [CSV]: { schema: STRING },
            [XLSX]: { schema: { type: 'string', contentEncoding: 'binary' } },
          },
        },
      },
    },
  }));

export function createReportRouter(deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): Router {
  const { knex, clock, reads } = deps;
  const routes = describedRouter({ tag: 'reports' });
  addExplanationRoutes(routes, deps);

  routes.get('/:name', { expand: reportSpecs }, async (req, res) => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const report = REPORTS.get(String(req.params.name));
    if (!report) throw new NotFoundError('No such report');
    if (report.roles && !report.roles.includes(user.role)) throw new ForbiddenError(`Your role (${user.role}) may not run ${report.name}`);

    const params = parseReportParams(req.query);
    const download = parseDownload(req.query, report);
    const body = await runReport(knex, clock, user, report.name, params, reads);
    const organizationId = body.organization_id as number | null;
    const orgName = await organizationName(knex, organizationId);

    await writeAudit(knex, {
      user_id: user.id,
      action: download ? 'export' : 'report',
      resource: `reports/${report.name}`,
      after: { ...params, organization_id: organizationId, ...(download ?? {}) },
      ip: req.ip ?? null,
    });

    if (!download) {
      res.json(body);
      return;
    }
    const built = report.tables[download.table](body as never, { from: params.from, to: params.to, organization_name: orgName });
    const table = download.suppress_small ? suppressSmallCounts(built) : built;
    await sendDownload(res, {
      filename: `${report.name}_${download.table}_${params.from}_${params.to}`,
      format: download.format,
      columns: table.columns,
      rows: table.rows,
      bom: download.bom,
      sheetName: report.title,
      source: body,
    });
  });

  return routes.router;
}
