import type { Request } from 'express';
import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import { readFields, type ReadRouting } from '../db/readRouting';
import { today } from '../dates';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../errors';
import { say } from '../messages';
import { sendDownload, setReadHeaders, type DownloadFormat } from '../exports/send';
import { READABLE_PARAMETERS, readableOptions, type Language, type Readable } from '../exports/labels';
import { streamedDownload } from '../exports/reportColumns';
import {
  DEFAULT_EXPLANATION_SORT,
  EXPLANATION_COLUMNS,
  EXPLANATION_DOWNLOAD_COLUMNS,
  explanationPage,
  explanationRowsSql,
  explanationSummary,
  type ExplanationSort,
} from '../reports/explain';
import { EXPLANATION_UNITS } from '../../contract/reports';
import type { DescribedRouter } from '../openapi/operations';
import { DATE, DATE_TIME, ID, INTEGER, json, nullable, NUMBER, object, oneOf, READ_SOURCE, STRING } from '../openapi/schemas';
import { BUCKET_PATTERN, FLAG_PARAMETER, isOn, parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { listAnswer } from '../resources/openapi';
import { REPORTS } from '../reports/registry';
import { reportScope } from '../reports/reportScope';
import type { ExplainInput, ReportDefinition } from '../reports/types';
import { parseJsonParam, parseRange } from '../resources/listQuery';
import { compileCheck } from '../validation';
import './types';

/**
 * The explanation of one figure of a report (server/reports/explain.ts, docs/reports.md):
 *
 * - `GET /api/reports/:name/records?key=&from=&to=[&organization_id=][&bucket=]` — its rows in
 *   the list protocol of ra-data-simple-rest (`sort=["date","ASC"]`, `range=[0,24]`,
 *   `Content-Range: records 0-24/130`), or with `format=csv|xlsx` all of them as a download;
 * - `GET /api/reports/:name/explanation?…` — the figure, its definition and how it follows
 *   from the rows (their count, the statistic, the date a point in time is counted on).
 *
 * Reading which children are behind a number is a read of children's records: every call
 * writes an audit_events row (action `explain`, resource `reports/<name>`, the key, bucket and
 * parameters as `changes.after`).
 */
/** A series period (period.ts) or a histogram bucket of days (`31-60`, `366+`). */
const BUCKET = `(${BUCKET_PATTERN})|(^[0-9]{1,3}(-[0-9]{1,3}|\\+)$)`;

type ExplanationQuery = { key: string; bucket?: string; sort?: string; range?: string; format?: DownloadFormat; bom?: string; lang?: Language; headers?: Readable['headers'] };

const SORT_PARAMETER = {
  type: 'string',
  contentMediaType: 'application/json',
  contentSchema: { type: 'array', prefixItems: [{ enum: [...EXPLANATION_COLUMNS] }, { enum: ['ASC', 'DESC', 'asc', 'desc'] }], minItems: 2, maxItems: 2 },
  description: '["column","ASC|DESC"], by default ["date","ASC"]',
};
export const RANGE_PARAMETER = {
  type: 'string',
  contentMediaType: 'application/json',
  contentSchema: { type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0 }], minItems: 2, maxItems: 2 },
  description: '[start,end]',
};

/** The parameters besides the period's: the figure, and for the records their page or download. */
function explanationParameters(report: ReportDefinition<any>, view: 'records' | 'summary') {
  const keys = report.explain?.keys ?? [];
  return {
    key: { type: 'string', enum: keys, 'x-message': say('field_required_one_of', { values: keys.join(', ') }) },
    bucket: {
      type: 'string',
      pattern: BUCKET,
      'x-message': say('field_bucket'),
    },
    ...(view === 'records'
      ? { sort: SORT_PARAMETER, range: RANGE_PARAMETER, format: { type: 'string', enum: ['csv', 'xlsx'], 'x-message': say('field_csv_or_xlsx') }, bom: { type: 'string', ...FLAG_PARAMETER }, ...READABLE_PARAMETERS }
      : {}),
  };
}

function explanationCheck(report: ReportDefinition<any>, view: 'records' | 'summary') {
  return compileCheck<ExplanationQuery>(
    {
      type: 'object',
      required: ['key'],
      properties: {
        ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])),
        ...explanationParameters(report, view),
      },
      additionalProperties: false,
      'x-message': { additionalProperties: say('field_unknown_parameter') },
    },
    () => say('explanation_parameters_invalid'),
  );
}

const checks = new Map<string, ReturnType<typeof explanationCheck>>();
function checkFor(report: ReportDefinition<any>, view: 'records' | 'summary') {
  const name = `${report.name} ${view}`;
  let check = checks.get(name);
  if (!check) checks.set(name, (check = explanationCheck(report, view)));
  return check;
}

/** `sort=["<column>","ASC|DESC"]` of a list of rows with these columns (explanations, a submission's rows and drift). */
export function parseSort<C extends string>(raw: unknown, columns: readonly C[], fallback: [C, 'ASC' | 'DESC']): [C, 'ASC' | 'DESC'] {
  const value = parseJsonParam('sort', raw);
  if (value === undefined) return fallback;
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !columns.includes(value[0]) ||
    typeof value[1] !== 'string' ||
    !['ASC', 'DESC'].includes(value[1].toUpperCase())
  ) {
    throw new ValidationError(say('explanation_parameters_invalid'), { sort: say('field_sort_columns', { columns: columns.join('|') }) });
  }
  return [value[0], value[1].toUpperCase()] as [C, 'ASC' | 'DESC'];
}

/** contract/reports.ts `ExplanationRow` and `ExplanationSummary`. */
const EXPLANATION_ROW = object({
  unit: oneOf(EXPLANATION_UNITS),
  id: ID,
  child_id: nullable(ID),
  child_name: nullable(STRING),
  date: DATE,
  contribution: NUMBER,
  detail: STRING,
});
const EXPLANATION_SUMMARY = object({
  report: STRING,
  key: STRING,
  bucket: nullable(STRING),
  from: DATE,
  to: DATE,
  organization_id: nullable(ID),
  as_of: nullable(DATE),
  unit: oneOf(EXPLANATION_UNITS),
  statistic: oneOf(['sum', 'mean', 'median', 'p90']),
  decimals: nullable(INTEGER),
  title: STRING,
  definition: STRING,
  definition_fr: nullable(STRING),
  count: INTEGER,
  figure: nullable(NUMBER),
  generated_at: DATE_TIME,
  ...READ_SOURCE,
});

const explained = (view: 'records' | 'summary') => () =>
  [...REPORTS.values()]
    .filter((report) => report.explain)
    .map((report) => ({
      params: { name: report.name },
      spec: {
        tag: 'reports',
        summary:
          view === 'records'
            ? `The units behind one figure of ${report.name}, in the list protocol, or with format=csv|xlsx all of them`
            : `How one figure of ${report.name} follows from its units`,
        query: { properties: { ...PERIOD_PARAMETER_SCHEMAS, ...explanationParameters(report, view) }, required: ['key'] },
        responses: {
          200:
            view === 'records'
              ? listAnswer('A page of the units, or the download', EXPLANATION_ROW, true)
              : json('The figure and its definition', EXPLANATION_SUMMARY),
        },
      },
    }));

/** The rows behind a figure are read where the figure is (`reads`); the audit row goes to the primary. */
export function addExplanationRoutes(routes: DescribedRouter, deps: { knex: Knex; clock: () => Date; reads: ReadRouting }): void {
  const { knex, clock, reads } = deps;

  const read = (req: Request, view: 'records' | 'summary') => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const report = REPORTS.get(req.params.name as string);
    if (!report) throw new NotFoundError(say('no_such_report'));
    if (!report.explain) throw new NotFoundError(say('report_no_explanations', { report: report.name }));
    const query = checkFor(report, view)(req.query);
    const params = parseReportParams(req.query);
    const scope = reportScope(user, params.organization_id, today(clock));
    const input: ExplainInput = {
      from: params.from,
      to: params.to,
      organization_id: scope.organization_id,
      key: query.key,
      bucket: query.bucket ?? null,
      today: today(clock),
      records: scope.records,
    };
    const audit = (extra: Record<string, unknown>) =>
      writeAudit(knex, {
        user_id: user.id,
        action: 'explain',
        resource: `reports/${report.name}`,
        after: { view, key: input.key, bucket: input.bucket, ...params, organization_id: input.organization_id, ...extra },
        ip: req.ip ?? null,
      });
    return { report, query, input, names: scope.names, audit };
  };

  routes.get('/:name/explanation', { expand: explained('summary') }, async (req, res) => {
    const { report, input, audit } = read(req, 'summary');
    const { result: summary, source } = await reads.read((from) => explanationSummary(from, report, input));
    await audit({});
    res.json({ ...summary, generated_at: clock().toISOString(), ...readFields(source) });
  });

  routes.get('/:name/records', { expand: explained('records') }, async (req, res) => {
    const { report, query, input, names, audit } = read(req, 'records');
    const sort: ExplanationSort = parseSort(query.sort, EXPLANATION_COLUMNS, DEFAULT_EXPLANATION_SORT);
    if (query.format) {
      const { sql, bindings } = explanationRowsSql(report, input, names, sort);
      await audit({ sort, format: query.format, bom: isOn(query.bom) });
      const source = await reads.choose();
      await sendDownload(res, {
        filename: [report.name, input.key, input.bucket, input.from, input.to].filter(Boolean).join('_'),
        format: query.format,
        ...streamedDownload(source.knex, EXPLANATION_DOWNLOAD_COLUMNS, sql, bindings, readableOptions(query, req.headers['accept-language'])),
        bom: isOn(query.bom),
        source,
        sheetName: `${report.title} ${input.key}`,
      });
      return;
    }
    const range = parseRange(parseJsonParam('range', query.range));
    const { result: page, source } = await reads.read((from) => explanationPage(from, report, input, names, { sort, range }));
    await audit({ sort, range });
    const [start] = range;
    res.set('Content-Range', `records ${page.rows.length ? `${start}-${start + page.rows.length - 1}` : '*'}/${page.count}`);
    setReadHeaders(res, source);
    res.json(page.rows);
  });
}
