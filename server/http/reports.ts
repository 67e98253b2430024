import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { runReport } from '../reports/run';
import { NotFoundError, UnauthenticatedError } from '../errors';
import { sendDownload, type DownloadFormat } from '../exports/send';
import { parseReportParams } from '../reports/period';
import { REPORTS } from '../reports/registry';
import type { ReportDefinition } from '../reports/types';
import { compileCheck } from '../validation';
import './types';

/**
 * GET /api/reports/:name — the reports of server/reports/registry.ts as JSON, or with
 * `format=csv|xlsx` as a download of one of the report's tables (`table=`, default the first;
 * `bom=1` for a CSV with a UTF-8 byte-order mark). Parameters: docs/api.md "Reports". Every run
 * and every download writes an audit_events row (action `report` or `export`, resource
 * `reports/<name>`, the parameters as `changes.after`).
 */
const PERIOD_PARAMETERS = ['from', 'to', 'period', 'fiscal_year', 'group', 'organization_id'];

interface Download {
  format: DownloadFormat;
  table: string;
  bom: boolean;
}

/** The download parameters a report takes (its tables), and no parameter it does not know. */
function downloadCheck(report: ReportDefinition<any>) {
  const tables = Object.keys(report.tables);
  return compileCheck<{ format?: DownloadFormat; table?: string; bom?: string }>({
    type: 'object',
    properties: {
      ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])),
      format: { enum: ['csv', 'xlsx'], 'x-message': 'Must be csv or xlsx' },
      table: { enum: tables, 'x-message': `Must be one of ${tables.join(', ')}` },
      bom: { enum: ['0', '1', 'true', 'false'], 'x-message': 'Must be 1 or 0' },
    },
    additionalProperties: false,
    'x-message': { additionalProperties: 'Unknown parameter' },
  }, () => 'Invalid report parameters');
}

const downloadChecks = new Map<string, ReturnType<typeof downloadCheck>>();

function parseDownload(query: Request['query'], report: ReportDefinition<any>): Download | null {
  let check = downloadChecks.get(report.name);
  if (!check) downloadChecks.set(report.name, (check = downloadCheck(report)));
  const { format, table, bom } = check(query);
  if (format === undefined) return null;
  return { format, table: table ?? Object.keys(report.tables)[0], bom: bom === '1' || bom === 'true' };
}

async function organizationName(knex: Knex, organizationId: number | null): Promise<string> {
  if (organizationId === null) return 'All organisations';
  const row = await knex('organizations').where('id', organizationId).first('name');
  if (!row) throw new NotFoundError('Organisation not found');
  return row.name;
}

export function createReportRouter(deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): Router {
  const { knex, clock, reads } = deps;
  const router = Router();

  router.get('/:name', async (req, res) => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const report = REPORTS.get(req.params.name);
    if (!report) throw new NotFoundError('No such report');

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
    const table = report.tables[download.table](body as never, { from: params.from, to: params.to, organization_name: orgName });
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

  return router;
}
