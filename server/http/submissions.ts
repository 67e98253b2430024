import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { ReportSubmission, SubmissionChanges } from '../../contract/submissions';
import { writeAudit } from '../audit';
import { today as todayOf } from '../dates';
import { NotFoundError, UnauthenticatedError } from '../errors';
import { say } from '../messages';
import { sendDownload, type DownloadFormat } from '../exports/send';
import { READABLE_PARAMETERS, readableOptions, type Language, type Readable } from '../exports/labels';
import { downloadColumns, streamedDownload, type ReportColumn } from '../exports/reportColumns';
import { MEASURE_TABLE_COLUMNS } from '../reports/cspMeasures';
import { DEFAULT_EXPLANATION_SORT, EXPLANATION_COLUMNS, EXPLANATION_DOWNLOAD_COLUMNS, figurePage, figureRowsSql } from '../reports/explain';
import { FLAG_PARAMETER, isOn } from '../reports/period';
import { reportScope } from '../reports/reportScope';
import { checkId, scopedQuery } from '../resources/engine';
import { parseJsonParam, parseRange } from '../resources/listQuery';
import { reportSubmissions } from '../resources/submissions';
import { countedOn } from '../reports/types';
import { DIGEST_VERIFIED, frozenFigure, type StoredMeasure } from '../submissions/content';
import { DIFFERENCE_COLUMNS, differenceRows, frozenRows, liveRows, measureDifferences, type Comparison } from '../submissions/differences';
import { submissionStatus } from '../submissions/status';
import { submitMeasures, submittedMeasure } from '../submissions/submit';
import { describedRouter, type OperationSpec } from '../openapi/operations';
import { arrayOf, json, openObject, PATH_ID, publicSchema, STRING } from '../openapi/schemas';
import { CSV, XLSX } from '../resources/openapi';
import { compileCheck } from '../validation';
import { parseSort } from './explanations';
import './types';

/**
 * Submissions of the CSP measures (docs/reports.md "Submissions"), beside the resource
 * `report_submissions` that lists and reads them (server/resources/submissions.ts):
 *
 * - `POST /api/report_submissions` `{ fiscal_year, period, note?, reason? }` — submit (201);
 * - `GET /api/report_submissions/status?fiscal_year=` — who has submitted, and when each is due;
 * - `GET /api/report_submissions/:id/measures` — the measures as submitted, and whether the
 *   stored content still gives the digest;
 * - `GET /api/report_submissions/:id/rows?key=` — a measure's frozen explanation rows (list
 *   protocol, or `format=csv|xlsx`), named as the caller may see the children today;
 * - `GET /api/report_submissions/:id/drift` — each measure then and today, and how many rows differ;
 * - `GET /api/report_submissions/:id/drift/rows?key=` — those rows (list protocol);
 * - `GET /api/report_submissions/:id/changes` — what a resubmission changed from the revision
 *   before it, measure by measure, and `/changes/rows?key=` the rows that differ;
 * - `GET /api/report_submissions/:id/download?format=csv|xlsx` — the measures table with the
 *   submission's revision, submitter, time and signature on every row.
 *
 * Reading the rows behind a submission is a read of children's records: audited as `explain`.
 */
type ReadableQuery = { lang?: Language; headers?: Readable['headers'] };

interface QueryShape {
  properties: Record<string, object>;
  required: string[];
}

/** A query's parameters, stated once: the handler checks them and the OpenAPI document describes them. */
function queryCheck<T>({ properties, required }: QueryShape) {
  return compileCheck<T>(
    { type: 'object', required, properties, additionalProperties: false, 'x-message': { additionalProperties: say('field_unknown_parameter') } },
    () => say('submission_parameters_invalid'),
  );
}

const KEY = { type: 'string', minLength: 1, maxLength: 100, 'x-message': say('field_measure_key') };
const FORMAT = { enum: ['csv', 'xlsx'], 'x-message': say('field_csv_or_xlsx') };
const STATUS_QUERY: QueryShape = {
  properties: {
    fiscal_year: { type: 'string', pattern: '^(19|2[0-9])[0-9]{2}$', 'x-message': say('field_fiscal_year_starts') },
    organization_id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', 'x-message': say('field_positive_integer') },
  },
  required: ['fiscal_year'],
};
const ROWS_QUERY: QueryShape = { properties: { key: KEY, sort: {}, range: {}, format: FORMAT, bom: FLAG_PARAMETER, ...READABLE_PARAMETERS }, required: ['key'] };
const DIFFERENCE_ROWS_QUERY: QueryShape = { properties: { key: KEY, sort: {}, range: {} }, required: ['key'] };
const DOWNLOAD_QUERY: QueryShape = { properties: { format: FORMAT, bom: FLAG_PARAMETER, ...READABLE_PARAMETERS }, required: ['format'] };
const checkStatus = queryCheck<{ fiscal_year: string; organization_id?: string }>(STATUS_QUERY);
const checkRows = queryCheck<{ key: string; sort?: string; range?: string; format?: DownloadFormat; bom?: string } & ReadableQuery>(ROWS_QUERY);
const checkDifferenceRows = queryCheck<{ key: string; sort?: string; range?: string }>(DIFFERENCE_ROWS_QUERY);
const checkDownload = queryCheck<{ format: DownloadFormat; bom?: string } & ReadableQuery>(DOWNLOAD_QUERY);
const checkNothing = queryCheck<object>({ properties: {}, required: [] });

/** The routes' descriptions for the OpenAPI document, from the same parameter schemas the handlers check. */
const ID_PATH = { id: PATH_ID };
const ROWS_ANSWER = {
  description: 'A page of rows (Content-Range gives the total), or with format the download',
  content: { 'application/json': { schema: arrayOf(openObject('a row')) }, [CSV]: { schema: STRING }, [XLSX]: { schema: { type: 'string', contentEncoding: 'binary' } } },
};
const DOWNLOAD_ANSWER = { description: 'The download', content: { [CSV]: { schema: STRING }, [XLSX]: { schema: { type: 'string', contentEncoding: 'binary' } } } };
const query = ({ properties, required }: QueryShape) => ({ properties: publicSchema(properties), required });
const SPECS: Record<string, OperationSpec> = {
  submit: {
    summary: 'Submit the CSP measures of a finished period, frozen and signed (a resubmission needs a reason)',
    body: { type: 'object' },
    responses: { 201: json('The submission', openObject('contract/submissions.ts ReportSubmission')) },
    errors: [409, 422],
  },
  status: {
    summary: 'Who has submitted which period of a fiscal year, and when each is due',
    query: query(STATUS_QUERY),
    responses: { 200: json('The status', openObject('contract/submissions.ts SubmissionStatus')) },
  },
  measures: { summary: 'The measures as submitted, and whether the stored content still gives the digest', pathParameters: ID_PATH, responses: { 200: json('The measures', openObject()) } },
  rows: {
    summary: "A measure's frozen rows, named as the caller may see the children today",
    pathParameters: ID_PATH,
    query: query(ROWS_QUERY),
    responses: { 200: ROWS_ANSWER },
  },
  drift: { summary: 'Each measure as submitted and today, and how many rows differ', pathParameters: ID_PATH, responses: { 200: json('The drift', openObject()) } },
  changes: { summary: 'What a resubmission changed from the revision before it', pathParameters: ID_PATH, responses: { 200: json('The changes', openObject()) } },
  differenceRows: {
    summary: 'The rows of a measure that differ',
    pathParameters: ID_PATH,
    query: query(DIFFERENCE_ROWS_QUERY),
    responses: { 200: json('A page of rows', arrayOf(openObject('a row'))) },
  },
  download: {
    summary: "The measures table with the submission's revision, submitter, time and signature on every row",
    pathParameters: ID_PATH,
    query: query(DOWNLOAD_QUERY),
    responses: { 200: DOWNLOAD_ANSWER },
  },
};

export function createSubmissionRouter(deps: { knex: Knex; clock: () => Date }): Router {
  const { knex, clock } = deps;
  const router = describedRouter({ tag: 'report_submissions' });

  const userOf = (req: Request) => {
    if (!req.user) throw new UnauthenticatedError();
    return req.user;
  };

  /** The submission `:id`, when in the caller's scope (404 otherwise, as any record). */
  const submissionOf = async (req: Request): Promise<ReportSubmission> => {
    const id = checkId(reportSubmissions, String(req.params.id));
    const found = await scopedQuery(reportSubmissions, userOf(req), knex).findById(id);
    if (!found) throw new NotFoundError(say('record_not_found', { records: 'report_submissions', id }));
    return found.toJSON() as unknown as ReportSubmission;
  };

  const measureOf = async (submission: ReportSubmission, key: string): Promise<StoredMeasure> => {
    const measure = await knex('report_submission_measures').where({ submission_id: submission.id, measure_key: key }).first('*');
    if (!measure) throw new NotFoundError(say('no_submission_measure', { id: submission.id, key }));
    return measure;
  };

  const audit = (req: Request, submission: ReportSubmission, action: 'explain' | 'export', after: Record<string, unknown>) =>
    writeAudit(knex, { user_id: userOf(req).id, action, resource: 'report_submissions', record_id: submission.id, after, ip: req.ip ?? null });

  const namesFor = (req: Request, submission: ReportSubmission) => reportScope(userOf(req), submission.organization_id, todayOf(clock)).names;

  router.post('/', SPECS.submit, async (req, res) => {
    res.status(201).json(await submitMeasures(knex, clock, userOf(req), req.body, req.ip ?? null));
  });

  router.get('/status', SPECS.status, async (req, res) => {
    const query = checkStatus(req.query);
    const organizationId = query.organization_id === undefined ? null : Number(query.organization_id);
    res.json(await submissionStatus(knex, userOf(req), { fiscal_year: Number(query.fiscal_year), organization_id: organizationId }, todayOf(clock)));
  });

  router.get('/:id/measures', SPECS.measures, async (req, res) => {
    checkNothing(req.query);
    const submission = await submissionOf(req);
    const [measures, verified, latest] = await Promise.all([
      knex('report_submission_measures').where({ submission_id: submission.id }).orderBy('position').select('*'),
      knex.raw<{ rows: { verified: boolean }[] }>(DIGEST_VERIFIED, { submission_id: submission.id }),
      knex('report_submissions')
        .where({ organization_id: submission.organization_id, fiscal_year: submission.fiscal_year, period: submission.period })
        .whereNull('withdrawn_at')
        .max('revision as revision')
        .first(),
    ]);
    res.json({
      submission,
      current: submission.withdrawn_at === null && Number(latest?.revision) === submission.revision,
      digest_verified: verified.rows[0]?.verified === true,
      measures: measures.map(submittedMeasure),
    });
  });

  router.get('/:id/rows', SPECS.rows, async (req, res) => {
    const query = checkRows(req.query);
    const submission = await submissionOf(req);
    const measure = await measureOf(submission, query.key);
    const figure = frozenFigure(submission.id, measure);
    const names = namesFor(req, submission);
    const sort = parseSort(query.sort, EXPLANATION_COLUMNS, DEFAULT_EXPLANATION_SORT);
    if (query.format) {
      const { sql, bindings } = figureRowsSql(figure, names, sort);
      await audit(req, submission, 'explain', { view: 'rows', key: query.key, sort, format: query.format });
      await sendDownload(res, {
        filename: `${downloadName(submission)}_${query.key}`,
        format: query.format,
        ...streamedDownload(knex, EXPLANATION_DOWNLOAD_COLUMNS, sql, bindings, readableOptions(query, req.headers['accept-language'])),
        bom: isOn(query.bom),
        sheetName: `${query.key} r${submission.revision}`,
      });
      return;
    }
    const range = parseRange(parseJsonParam('range', query.range));
    const page = await figurePage(knex, figure, names, { sort, range });
    await audit(req, submission, 'explain', { view: 'rows', key: query.key, sort, range });
    sendPage(res, range, page.rows, page.summary.count);
  });

  router.get('/:id/drift', SPECS.drift, async (req, res) => {
    checkNothing(req.query);
    const submission = await submissionOf(req);
    const today = todayOf(clock);
    res.json({
      submission_id: submission.id,
      as_of: countedOn(submission.period_to, today),
      checked_at: clock().toISOString(),
      measures: await measureDifferences(knex, submission, liveRows(submission, today)),
    });
  });

  /** The revision just before `submission`, in the caller's scope (none for a first submission). */
  const previousOf = async (req: Request, submission: ReportSubmission): Promise<ReportSubmission | null> => {
    if (submission.revision === 1) return null;
    const found = await scopedQuery(reportSubmissions, userOf(req), knex)
      .findOne({ organization_id: submission.organization_id, fiscal_year: submission.fiscal_year, period: submission.period, revision: submission.revision - 1 });
    return found ? (found.toJSON() as unknown as ReportSubmission) : null;
  };

  router.get('/:id/changes', SPECS.changes, async (req, res) => {
    checkNothing(req.query);
    const submission = await submissionOf(req);
    const previous = await previousOf(req, submission);
    const answer: SubmissionChanges = {
      submission_id: submission.id,
      revision: submission.revision,
      reason: submission.reason,
      previous: previous && {
        id: previous.id,
        revision: previous.revision,
        submitted_at: previous.submitted_at,
        submitted_by_name: previous.submitted_by_name,
        digest: previous.digest,
      },
      measures: previous ? await measureDifferences(knex, previous, frozenRows(submission)) : [],
    };
    res.json(answer);
  });

  /** The rows of one measure that differ between `before` and `after` (list protocol), audited as a read of the rows. */
  const sendDifferenceRows = async (req: Request, res: Response, view: string, submission: ReportSubmission, before: ReportSubmission, after: Comparison) => {
    const query = checkDifferenceRows(req.query);
    const sort = parseSort(query.sort, DIFFERENCE_COLUMNS, ['change', 'ASC']);
    const range = parseRange(parseJsonParam('range', query.range));
    const page = await differenceRows(knex, before, after, query.key, namesFor(req, submission), { sort, range });
    await audit(req, submission, 'explain', { view, key: query.key, sort, range });
    sendPage(res, range, page.rows, page.total);
  };

  router.get('/:id/drift/rows', SPECS.differenceRows, async (req, res) => {
    const submission = await submissionOf(req);
    await sendDifferenceRows(req, res, 'drift_rows', submission, submission, liveRows(submission, todayOf(clock)));
  });

  router.get('/:id/changes/rows', SPECS.differenceRows, async (req, res) => {
    const submission = await submissionOf(req);
    const previous = await previousOf(req, submission);
    if (!previous) throw new NotFoundError(say('submission_first', { id: submission.id }));
    await sendDifferenceRows(req, res, 'changes_rows', submission, previous, frozenRows(submission));
  });

  router.get('/:id/download', SPECS.download, async (req, res) => {
    const query = checkDownload(req.query);
    const submission = await submissionOf(req);
    const [measures, organization] = await Promise.all([
      knex('report_submission_measures').where({ submission_id: submission.id }).orderBy('position').select('name', 'value', 'definition', 'definition_fr'),
      knex('organizations').where({ id: submission.organization_id }).first('name'),
    ]);
    await audit(req, submission, 'export', { view: 'download', format: query.format });
    const readable = readableOptions(query, req.headers['accept-language']);
    await sendDownload(res, {
      filename: downloadName(submission),
      format: query.format,
      columns: downloadColumns(SUBMISSION_COLUMNS, readable),
      rows: measures.map((m) => ({
        name: m.name,
        value: m.value,
        // the definition as submitted in the download's language; a submission made before French definitions were kept has only the English
        definition: readable.language === 'fr' ? (m.definition_fr ?? m.definition) : m.definition,
        period_from: submission.period_from,
        period_to: submission.period_to,
        organization_name: organization?.name ?? '',
        revision: submission.revision,
        submitted_by_name: submission.submitted_by_name,
        submitted_at: submission.submitted_at,
        digest: submission.digest,
        withdrawn_at: submission.withdrawn_at,
      })),
      bom: isOn(query.bom),
      sheetName: `CSP measures r${submission.revision}`,
    });
  });

  return router.router;
}

/** The ministry's columns of the CSP measures, then what identifies the submission. */
const SUBMISSION_COLUMNS: ReportColumn[] = [
  ...MEASURE_TABLE_COLUMNS,
  { key: 'revision', type: 'number', label: 'revision' },
  { key: 'submitted_by_name', type: 'text', label: 'submitted_by' },
  { key: 'submitted_at', type: 'instant', label: 'submitted_at' },
  { key: 'digest', type: 'text', label: 'digest' },
  { key: 'withdrawn_at', type: 'instant', label: 'withdrawn_at' },
];

function downloadName(submission: ReportSubmission): string {
  return `csp-measures_submission-${submission.id}_FY${submission.fiscal_year}_${submission.period}_r${submission.revision}`;
}

function sendPage(res: Response, [start]: [number, number], rows: unknown[], total: number) {
  res.set('Content-Range', `records ${rows.length ? `${start}-${start + rows.length - 1}` : '*'}/${total}`);
  res.json(rows);
}
