import type { Knex } from 'knex';
import { EXPLANATION_UNITS, type ExplanationRow, type ExplanationSummary, type ReadSourceFields } from '../../contract/reports';
import type { ReportColumn } from '../exports/reportColumns';
import { ValidationError } from '../errors';
import { say } from '../messages';
import { runConcurrently } from './concurrent';
import { findBucket, type Bucket } from './period';
import type { VisibleRecords } from './reportScope';
import type { ExplainedFigure, ExplainInput, ReportDefinition } from './types';

/**
 * Explanations: the units that make up one figure of a report, as rows
 * `{ unit, id, child_id, child_name, date, contribution, detail }`, such that the figure is the
 * figure's statistic of the contributions (docs/reports.md "Explanations"). Each report
 * declares, beside its figure SQL and from the same definitions, the statement of each figure's
 * rows (`ReportDefinition.explain`); this module adds the child's name as the caller may see
 * it, sorts, pages, sums, and reads every part from one snapshot.
 *
 *   explainFigure(knex, report, input, names)   → every row and the summary (tests)
 *   explanationPage(knex, report, input, names, { sort, range }) → one page and the summary
 *   explanationRowsSql(report, input, names, sort)  → the rows' statement, for a streamed download
 *   figurePage, figureRowsSql, statisticSql, childName → the same for any figure's rows (submissions)
 */
export type Explanation = Omit<ExplanationSummary, 'generated_at' | keyof ReadSourceFields> & { rows: ExplanationRow[] };

export const EXPLANATION_COLUMNS = ['unit', 'id', 'child_id', 'child_name', 'date', 'contribution', 'detail'] as const;
/** The same columns in a download (server/exports/reportColumns.ts). */
export const EXPLANATION_DOWNLOAD_COLUMNS: ReportColumn[] = [
  { key: 'unit', type: 'enum', label: 'record', enum: { values: EXPLANATION_UNITS, labels: 'app.explain.units' } },
  { key: 'id', type: 'id', label: 'record' },
  { key: 'child_id', type: 'id', label: 'child' },
  { key: 'child_name', type: 'text', label: 'child' },
  { key: 'date', type: 'date', label: 'date' },
  { key: 'contribution', type: 'number', label: 'contribution' },
  { key: 'detail', type: 'text', label: 'why_it_counts' },
];
export type ExplanationSort = [(typeof EXPLANATION_COLUMNS)[number], 'ASC' | 'DESC'];
export const DEFAULT_EXPLANATION_SORT: ExplanationSort = ['date', 'ASC'];

/** The figure of `report` named by `input.key`; throws ValidationError for an unknown key or bucket. */
export function explainedFigure(report: ReportDefinition<any>, input: ExplainInput): ExplainedFigure {
  const keys = report.explain?.keys ?? [];
  if (!report.explain || !keys.includes(input.key)) {
    throw new ValidationError(say('explanation_parameters_invalid'), { key: say('field_one_of_capital', { values: keys.join(', ') }) });
  }
  return report.explain.figure(input);
}

/** The child's name (of `children c`) when the caller may see the child (`names` null: every child); null otherwise. */
export function childName(names: VisibleRecords | null): string {
  const name = `concat_ws(' ', c.first_name, c.last_name)`;
  return names ? `case when ${names.in('children', 'c.id')} then ${name} end` : `case when c.id is not null then ${name} end`;
}

function rowsStatement(figure: ExplainedFigure, names: VisibleRecords | null, sort: ExplanationSort): string {
  const [field, order] = sort;
  return `select x.unit::text as unit, x.id::int as id, x.child_id::int as child_id, ${childName(names)} as child_name,
       x.date::date as date, x.contribution::float8 as contribution, x.detail::text as detail
from (${figure.sql}) x
left join children c on c.id = x.child_id
order by ${field === 'child_name' ? 'child_name' : `x.${field}`} ${order} nulls last, x.unit, x.id`;
}

/** The figure's statistic of `contribution` (a numeric expression) over a group of rows, rounded as the report rounds it. */
export function statisticSql(figure: Pick<ExplainedFigure, 'statistic' | 'decimals'>, contribution: string): string {
  const statistic = {
    sum: `coalesce(sum(${contribution}), 0)`,
    mean: `avg(${contribution})`,
    median: `(percentile_cont(0.5) within group (order by ${contribution}))::numeric`,
    p90: `(percentile_cont(0.9) within group (order by ${contribution}))::numeric`,
  }[figure.statistic];
  return `round(${statistic}, ${figure.decimals ?? 0})`;
}

/** The figure from every row: the statistic of the contributions. */
function summaryStatement(figure: ExplainedFigure): string {
  return `select count(*)::int as count, ${statisticSql(figure, 'x.contribution::numeric')}::float8 as figure
from (${figure.sql}) x`;
}

function bindingsOf(figure: ExplainedFigure, names: VisibleRecords | null): Record<string, unknown> {
  return { ...figure.bindings, ...(names?.bindings ?? {}) };
}

function summaryOf(report: ReportDefinition<any>, input: ExplainInput, figure: ExplainedFigure, row: { count: number; figure: number | null }) {
  return {
    report: report.name,
    key: input.key,
    bucket: input.bucket,
    from: input.from,
    to: input.to,
    organization_id: input.organization_id,
    as_of: figure.as_of,
    unit: figure.unit,
    statistic: figure.statistic,
    decimals: figure.decimals,
    title: figure.title,
    definition: figure.definition,
    definition_fr: figure.definition_fr ?? null,
    count: row.count,
    figure: row.figure,
  };
}

/** Every row of one figure (in `sort` order, by date by default) and its summary, from one snapshot. */
export async function explainFigure(
  knex: Knex,
  report: ReportDefinition<any>,
  input: ExplainInput,
  names: VisibleRecords | null,
  sort: ExplanationSort = DEFAULT_EXPLANATION_SORT,
): Promise<Explanation> {
  const figure = explainedFigure(report, input);
  const [summary, rows] = await runConcurrently<Record<string, unknown>>(
    knex,
    [[summaryStatement(figure), rowsStatement(figure, names, sort)]],
    bindingsOf(figure, names),
  );
  return { ...summaryOf(report, input, figure, summary[0] as { count: number; figure: number | null }), rows: rows as ExplanationRow[] };
}

/** One page of the rows (`range` inclusive, as the list protocol) and the summary of them all. */
export async function explanationPage(
  knex: Knex,
  report: ReportDefinition<any>,
  input: ExplainInput,
  names: VisibleRecords | null,
  page: { sort: ExplanationSort; range: [number, number] },
): Promise<Explanation> {
  const figure = explainedFigure(report, input);
  const { summary, rows } = await figurePage(knex, figure, names, page);
  return { ...summaryOf(report, input, figure, summary), rows };
}

/** One page of any figure's rows (a report's, or a submission's frozen ones) and the count and figure of them all, from one snapshot. */
export async function figurePage(
  knex: Knex,
  figure: ExplainedFigure,
  names: VisibleRecords | null,
  page: { sort: ExplanationSort; range: [number, number] },
): Promise<{ summary: { count: number; figure: number | null }; rows: ExplanationRow[] }> {
  const [start, end] = page.range;
  const [summary, rows] = await runConcurrently<Record<string, unknown>>(
    knex,
    [[summaryStatement(figure), `${rowsStatement(figure, names, page.sort)}\nlimit ${end - start + 1} offset ${start}`]],
    bindingsOf(figure, names),
  );
  return { summary: summary[0] as { count: number; figure: number | null }, rows: rows as ExplanationRow[] };
}

/** The summary alone: what the figure is, how it follows from the rows, and how many there are. */
export async function explanationSummary(knex: Knex, report: ReportDefinition<any>, input: ExplainInput): Promise<Omit<Explanation, 'rows'>> {
  const figure = explainedFigure(report, input);
  const [summary] = await runConcurrently<Record<string, unknown>>(knex, [[summaryStatement(figure)]], figure.bindings);
  return summaryOf(report, input, figure, summary[0] as { count: number; figure: number | null });
}

/** The rows' statement and bindings, for a download streamed from PostgreSQL. */
export function explanationRowsSql(report: ReportDefinition<any>, input: ExplainInput, names: VisibleRecords | null, sort: ExplanationSort) {
  return figureRowsSql(explainedFigure(report, input), names, sort);
}

/** Any figure's rows as one statement, with the names the caller may see. */
export function figureRowsSql(figure: ExplainedFigure, names: VisibleRecords | null, sort: ExplanationSort) {
  return { sql: rowsStatement(figure, names, sort), bindings: bindingsOf(figure, names) };
}

/**
 * The dates of a figure's bucket: the month or fiscal quarter named (clipped to the period, as
 * the series clip it), or the whole period when none is named. A bucket the period does not
 * have is a 400 naming `bucket`.
 */
export function periodBucket(input: ExplainInput): Pick<Bucket, 'start' | 'end'> {
  if (input.bucket === null) return { start: input.from, end: input.to };
  const bucket = findBucket(input.from, input.to, input.bucket);
  if (!bucket) {
    throw new ValidationError(say('explanation_parameters_invalid'), {
      bucket: say('field_bucket_of_period', { from: input.from, to: input.to }),
    });
  }
  return bucket;
}
