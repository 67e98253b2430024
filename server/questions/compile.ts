import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import { MAX_GROUPS, type MeasureFn } from '../../contract/questions';
import { TITLE_SEPARATOR, titleRule } from '../../contract/titles';
import { applyScopeResult } from '../access/scope';
import { CHILD_NAME, childNameColumns } from '../resources/childName';
import { describeFields } from '../resources/fields';
import { applyFilter, type FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration } from '../resources/types';
import { bucketSql } from './buckets';
import { rolledUpDays } from './rollups';
import type { ResolvedField } from './fields';
import type { ResolvedGroup, ResolvedMeasure, ResolvedQuestion } from './spec';

/**
 * A resolved question as one SQL statement. The rows are the caller's list: the resource's
 * scoped query with the list filter applied (engine and listQuery, unchanged), grouped by
 * expressions built only from declared names. The groups are then titled — a reference by
 * its record's title, read through that resource's scope — counted, sorted and cut.
 *
 *   with g as (select <groups> as g0, g1, <measure> as value from <scoped, filtered rows> group by …)
 *   select g.*, t0.title as l0, count(*) over () as total_groups from g left join <titles> t0 … order by … limit …
 */
export interface CompiledQuestion {
  query: Knex.QueryBuilder;
  /** a group's title column (`l<i>`) exists for references */
  titled: boolean[];
}

/** Names come from declarations; this only makes sure one cannot close a quote. */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not an identifier: ${name}`);
  return `"${name}"`;
}

function scoped(declaration: ResourceDeclaration, context: FilterContext, db: Knex | Knex.Transaction): QueryBuilder<Model, Model[]> {
  return applyScopeResult(declaration.model.query(db), declaration.scope(context.user)) as QueryBuilder<Model, Model[]>;
}

function idColumn(declaration: ResourceDeclaration): string {
  return declaration.model.idColumn as string;
}

/** Columns a path reads from its referenced resource, each joined once through that resource's scope. */
interface Join {
  alias: string;
  via: string;
  owner: ResourceDeclaration;
  columns: Set<string>;
}

function columnOf(field: ResolvedField, table: string, joins: Map<string, Join>): string {
  if (field.via === null) return `${ident(table)}.${ident(field.field.name)}`;
  let join = joins.get(field.via);
  if (!join) {
    join = { alias: `j${joins.size}`, via: field.via, owner: field.owner, columns: new Set() };
    joins.set(field.via, join);
  }
  join.columns.add(field.field.name);
  return `${join.alias}.${ident(field.field.name)}`;
}

function dateType(group: ResolvedGroup): 'date' | 'datetime' | null {
  const type = group.field.field.type;
  return group.bucket && (type === 'date' || type === 'datetime') ? type : null;
}

function groupSql(group: ResolvedGroup, column: string): string {
  const type = dateType(group);
  return type ? bucketSql(group.bucket!, column, type) : column;
}

/** `1, 2, …, n`: a statement's first n columns, for its `group by`. */
const ordinals = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(', ');

function groupedDirectly(rows: QueryBuilder<Model, Model[]>, groupColumns: string[], measure: string, db: Knex | Knex.Transaction): Knex.QueryBuilder {
  rows.select([...groupColumns.map((sql, i) => db.raw(`${sql} as g${i}`)), db.raw(`${measure} as value`)]);
  if (groupColumns.length) rows.groupByRaw(ordinals(groupColumns.length));
  return rows.toKnexQuery();
}

/**
 * How the per-day partial of a measure combines into the bucket's value, for the measures whose
 * partials combine exactly (every numeric column is `numeric` or an integer: sums are exact).
 */
const COMBINE: Partial<Record<MeasureFn, (partial: string) => string>> = {
  count: (partial) => `coalesce(sum(${partial}), 0)::bigint`,
  sum: (partial) => `sum(${partial})`,
  min: (partial) => `min(${partial})`,
  max: (partial) => `max(${partial})`,
};

/**
 * Per-day rows `days` (`d0…` — a date group's UTC day, any other group's value — and `value`,
 * the measure's part) as the question's groups: the days put in their buckets (every bucket is
 * a run of whole UTC days) and the parts combined. `dropEmpty`: a bucket whose count is 0 is no
 * group (a rollup's row can fall back to 0 after deletes; the rows themselves never count 0).
 */
function daysIntoBuckets(question: ResolvedQuestion, days: Knex.QueryBuilder, combine: (partial: string) => string, db: Knex | Knex.Transaction, dropEmpty = false): Knex.QueryBuilder {
  const buckets = question.groups.map((group, i) => (dateType(group) ? bucketSql(group.bucket!, `r.d${i}`, 'date') : `r.d${i}`));
  const grouped = db.select([...buckets.map((sql, i) => db.raw(`${sql} as g${i}`)), db.raw(`${combine('r.value')} as value`)]).from(days.as('r'));
  if (buckets.length) grouped.groupByRaw(ordinals(buckets.length));
  if (buckets.length && dropEmpty) grouped.havingRaw('sum(r.value) > 0');
  return grouped;
}

/**
 * A date bucket puts each row's date in its bucket (date_trunc on a timestamp), which for a
 * month-by-month count of millions of rows was most of the statement. When the measure
 * combines, the rows are grouped by their UTC day first — days are few however many rows there
 * are — and the days then go into their buckets:
 *
 *   select <bucket of d0> as g0, d1 as g1, sum(value) as value
 *     from (select <day> as d0, <g1> as d1, count(*) as value from <rows> group by 1, 2) r group by 1, 2
 */
function bucketedByDay(question: ResolvedQuestion, rows: QueryBuilder<Model, Model[]>, columns: string[], measure: string, db: Knex | Knex.Transaction): Knex.QueryBuilder | null {
  const combine = COMBINE[question.measure.fn];
  if (!combine || !question.groups.some((group) => dateType(group) !== null)) return null;
  const days = question.groups.map((group, i) => (dateType(group) === 'datetime' ? `(${columns[i]} at time zone 'UTC')::date` : columns[i]));
  rows.select([...days.map((sql, i) => db.raw(`${sql} as d${i}`)), db.raw(`${measure} as value`)]);
  rows.groupByRaw(ordinals(days.length));
  return daysIntoBuckets(question, rows.toKnexQuery(), combine, db);
}

function measureSql(measure: ResolvedMeasure, column: string | null): string {
  const numeric = measure.field !== null && ['integer', 'number', 'money'].includes(measure.field.field.type);
  switch (measure.fn) {
    case 'count':
      return 'count(*)';
    case 'count_distinct':
      return `count(distinct ${column})`;
    case 'sum':
      return `sum(${column})`;
    case 'avg':
      return `round(avg(${column})::numeric, 2)`;
    case 'min':
    case 'max':
      return `${measure.fn}(${column})`;
    case 'median':
      // numbers: the middle value, or the mean of the two middle ones; dates: the lower middle date
      return numeric
        ? `round((percentile_cont(0.5) within group (order by ${column}))::numeric, 2)`
        : `percentile_disc(0.5) within group (order by ${column})`;
  }
}

/** SQL for the title of a record of `declaration` (contract/titles.ts), from its table's columns. */
export function titleSql(declaration: ResourceDeclaration): string {
  const column = (name: string) => `${ident(declaration.model.tableName)}.${ident(name)}`;
  const rule = titleRule(describeFields(declaration).map((f) => f.name));
  switch (rule.kind) {
    case 'person':
      return `trim(concat_ws(' ', ${column('first_name')}, ${column('last_name')}))`;
    case 'field':
      return `${column(rule.field)}::text`;
    case 'number': {
      const dates = rule.dates.map((d) => `${column(d)}::text`);
      const parts = [`'#' || ${column(idColumn(declaration))}`, rule.program ? `nullif(${column('program')}, '')` : null, dates.length ? `coalesce(${dates.join(', ')})` : null];
      return `concat_ws('${TITLE_SEPARATOR}', ${parts.filter(Boolean).join(', ')})`;
    }
  }
}

/**
 * The titles of the records of `target` the user may see, keyed by id; `withChildName` adds the
 * `child_name` of records about a child (childName.ts: only a child the user may see is named).
 */
export function titles(target: ResourceDeclaration, context: FilterContext, db: Knex | Knex.Transaction, { withChildName = false } = {}) {
  const key = `${ident(target.model.tableName)}.${ident(idColumn(target))}`;
  const qb = scoped(target, context, db);
  return qb.select(db.raw(`${key} as key`), db.raw(`${titleSql(target)} as title`), ...(withChildName ? childNameColumns(target, qb) : [])).toKnexQuery();
}

/** A group's title: its record's, led by the child's name where it has one, as the dashboard titles records. */
function groupTitleSql(target: ResourceDeclaration, i: number): string {
  return target.child ? `nullif(concat_ws('${TITLE_SEPARATOR}', t${i}.${CHILD_NAME}, t${i}.title), '')` : `t${i}.title`;
}

function orderSql(question: ResolvedQuestion, titled: boolean[], bindings: unknown[]): string[] {
  const natural = question.groups.map((group, i) => {
    const field = group.field.field;
    if (titled[i]) return `l${i} asc nulls last, g${i} asc`;
    if (field.enum && !group.bucket) {
      bindings.push(field.enum);
      return `array_position(?::text[], g${i}::text) asc nulls last, g${i} asc`;
    }
    return `g${i} asc nulls last`;
  });
  const sort = question.sort;
  if (!sort) return natural;
  const direction = sort.order === 'DESC' ? 'desc' : 'asc';
  if (sort.by === 'value') return [`value ${direction} nulls last`, ...natural];
  const first = titled[sort.by] ? `l${sort.by} ${direction} nulls last` : `g${sort.by} ${direction} nulls last`;
  return [first, ...natural];
}

/**
 * The statement of a question, on the connection it will run on. `extraFilter` (a dashboard's
 * filters) is applied after the question's own: both hold, as two list filters would.
 */
export function compileQuestion(question: ResolvedQuestion, context: FilterContext, db: Knex | Knex.Transaction, extraFilter: Record<string, unknown> = {}): CompiledQuestion {
  const { declaration } = question;
  const table = declaration.model.tableName;
  const joins = new Map<string, Join>();
  const fieldColumns = question.groups.map((group) => columnOf(group.field, table, joins));
  const groupColumns = question.groups.map((group, i) => groupSql(group, fieldColumns[i]));
  const measureColumn = question.measure.field ? columnOf(question.measure.field, table, joins) : null;

  const rows = scoped(declaration, context, db);
  applyFilter(rows, declaration, question.filter, context);
  applyFilter(rows, declaration, extraFilter, context);
  for (const join of joins.values()) {
    const target = join.owner;
    const targetTable = target.model.tableName;
    const columns = [idColumn(target), ...join.columns].map((c) => `${ident(targetTable)}.${ident(c)}`);
    const joined = scoped(target, context, db).select(columns.map((c) => db.raw(c))).toKnexQuery();
    rows.leftJoin(joined.as(join.alias), `${join.alias}.${idColumn(target)}`, `${table}.${join.via}`);
  }
  const measure = measureSql(question.measure, measureColumn);
  const rolledUp = rolledUpDays(question, context, extraFilter, db);
  const grouped = rolledUp
    ? daysIntoBuckets(question, rolledUp, COMBINE.count!, db, true)
    : (bucketedByDay(question, rows, fieldColumns, measure, db) ?? groupedDirectly(rows, groupColumns, measure, db));

  // A reference group is titled by its record, when the caller may read the referenced resource.
  const titleSources = question.groups.map((group) => {
    const reference = group.bucket ? null : group.field.field.reference;
    const target = reference ? context.resources.find((r) => r.name === reference) : undefined;
    return target && target.access.read.includes(context.user.role) ? target : null;
  });
  const titled = titleSources.map((target) => target !== null);
  if (!groupColumns.length) {
    return { query: db.select('value', db.raw('1 as total_groups')).from(grouped.as('g')), titled };
  }
  const bindings: unknown[] = [];
  const order = orderSql(question, titled, bindings);
  const query = db
    .with('g', grouped)
    .select(['g.*', ...titleSources.flatMap((target, i) => (target ? [db.raw(`${groupTitleSql(target, i)} as l${i}`)] : [])), db.raw('count(*) over () as total_groups')])
    .from('g');
  titleSources.forEach((target, i) => {
    if (target) query.leftJoin(titles(target, context, db, { withChildName: Boolean(target.child) }).as(`t${i}`), `t${i}.key`, `g.g${i}`);
  });
  query.orderByRaw(order.join(', '), bindings as any[]).limit(question.limit ?? MAX_GROUPS + 1);
  return { query, titled };
}
