import type { Knex } from 'knex';
import { COMPARISONS, type ComparisonKind } from '../../contract/reports';
import { writeAudit } from '../audit';
import type { ReadRouting } from '../db/readRouting';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import { say } from '../messages';
import type { DescribedRouter } from '../openapi/operations';
import { arrayOf, DATE, DATE_TIME, ID, json, NUMBER, nullable, object, oneOf, STRING, type Schema } from '../openapi/schemas';
import { reportTrend } from '../reports/compare';
import { parseReportParams, PERIOD_PARAMETER_SCHEMAS, PERIOD_PARAMETERS } from '../reports/period';
import { REPORTS } from '../reports/registry';
import type { ReportMemo } from '../reports/runMemo';
import { compileCheck } from '../validation';
import './types';

/**
 * GET /api/reports/:name/trend?<period>[&compare=previous|last_year][&periods=8] — the report's
 * figures for the period and the periods of the same length before it, oldest first, for the
 * sparklines beside each figure (reports/compare.ts `reportTrend`). `compare` says how each
 * step goes back (default `previous`); `periods` how many, 2 to 12 (default 8): one report run
 * per period, shared with the report and its comparisons asked for meanwhile (runMemo.ts). Audited as a
 * report run (action `report`, `trend` in `changes.after`).
 */
export const COMPARE_PARAMETER = { enum: COMPARISONS, 'x-message': say('field_one_of_capital', { values: COMPARISONS.join(', ') }) };

/** A report's figures by key (contract/reports.ts `ReportFigures`): a number or null each. */
const FIGURES: Schema = { type: 'object', additionalProperties: nullable(NUMBER) };

/** contract/reports.ts `FigureComparison` */
const FIGURE_COMPARISON = object({ value: nullable(NUMBER), compared: nullable(NUMBER), change: nullable(NUMBER), change_pct: nullable(NUMBER) });

/** contract/reports.ts `ReportComparison`: `result` is the report's own answer (`answer`) for the comparison period. */
export const comparisonSchema = (answer: Record<string, Schema>): Schema =>
  object({ kind: oneOf(COMPARISONS), from: DATE, to: DATE, result: object(answer), figures: { type: 'object', additionalProperties: FIGURE_COMPARISON } });

/** contract/reports.ts `ReportTrend` */
const TREND = object({
  report: STRING,
  compare: oneOf(COMPARISONS),
  organization_id: nullable(ID),
  generated_at: DATE_TIME,
  periods: arrayOf(object({ from: DATE, to: DATE, figures: FIGURES })),
});

export const TREND_PERIODS = { default: 8, min: 2, max: 12 } as const;

const checkTrend = compileCheck<{ compare?: ComparisonKind; periods?: string }>(
  {
    type: 'object',
    properties: {
      ...Object.fromEntries(PERIOD_PARAMETERS.map((name) => [name, true])),
      compare: COMPARE_PARAMETER,
      periods: { type: 'string', pattern: '^([2-9]|1[0-2])$', 'x-message': say('field_whole_from_to', { min: TREND_PERIODS.min, max: TREND_PERIODS.max }) },
    },
    additionalProperties: false,
    'x-message': { additionalProperties: say('field_unknown_parameter') },
  },
  () => say('trend_parameters_invalid'),
);

const trendSpecs = () =>
  [...REPORTS.values()]
    .filter((report) => report.figures)
    .map((report) => ({
      params: { name: report.name },
      spec: {
        tag: 'reports',
        summary: `${report.title}: its figures for the period and the periods of the same length before it, oldest first`,
        query: {
          properties: {
            ...PERIOD_PARAMETER_SCHEMAS,
            compare: { type: 'string', ...COMPARE_PARAMETER },
            periods: { type: 'string', pattern: '^([2-9]|1[0-2])$' },
          },
        },
        responses: { 200: json('The trend', TREND) },
      },
    }));

export function addTrendRoute(router: DescribedRouter, deps: { knex: Knex; clock: () => Date; reads: ReadRouting; memo: ReportMemo }): void {
  const { knex, clock, reads, memo } = deps;
  router.get('/:name/trend', { expand: trendSpecs }, async (req, res) => {
    const user = req.user;
    if (!user) throw new UnauthenticatedError();
    const report = REPORTS.get(req.params.name as string);
    if (!report) throw new NotFoundError(say('no_such_report'));
    if (report.roles && !report.roles.includes(user.role)) throw new ForbiddenError(say('role_may_not_run', { role: user.role, name: report.name }));
    if (!report.figures) throw new NotFoundError(say('report_no_trend', { report: report.name }));
    const query = checkTrend(req.query);
    const params = parseReportParams(req.query);
    const compare = query.compare ?? 'previous';
    const periods = query.periods === undefined ? TREND_PERIODS.default : Number(query.periods);
    const trend = await reportTrend(knex, clock, user, report.name, params, compare, periods, { reads, memo });
    await writeAudit(knex, {
      user_id: user.id,
      action: 'report',
      resource: `reports/${report.name}`,
      after: { ...params, organization_id: trend.organization_id, trend: { compare, periods } },
      ip: req.ip ?? null,
    });
    res.json(trend);
  });
}
