import {
  MAX_GROUP_BY,
  type Bucket,
  type MeasureFn,
  type QuestionField,
  type QuestionSpec,
  type Visualization,
} from '../../../contract/questions';

/**
 * The question builder's form and the spec it stands for (docs/questions.md): filters as rows
 * (field, operator, value), up to two groups, one measure, how the groups are sorted. Pure,
 * both ways, so a saved question opens in the builder as it was built.
 */
export const FILTER_OPS = ['eq', 'neq', 'gte', 'lte', 'empty', 'present'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type FilterValue = string | number | boolean | string[] | null;

export interface FilterRow {
  field: string;
  op: FilterOp;
  value: FilterValue;
}

export interface GroupRow {
  field: string;
  bucket: Bucket | null;
}

export const SORTS = ['natural', 'value_desc', 'value_asc'] as const;
export type SortChoice = (typeof SORTS)[number];

export interface BuilderState {
  resource: string;
  filters: FilterRow[];
  groups: GroupRow[];
  measure: { fn: MeasureFn; field: string | null };
  sort: SortChoice;
  limit: number | null;
  visualization: Visualization;
}

export const emptyState = (resource = ''): BuilderState => ({
  resource,
  filters: [],
  groups: [],
  measure: { fn: 'count', field: null },
  sort: 'natural',
  limit: null,
  visualization: 'number',
});

const SUFFIX: Partial<Record<FilterOp, string>> = { neq: '_neq', gte: '_gte', lte: '_lte' };

/** The operators a field's filter takes: ranges for dates and numbers, empty / not empty for all. */
export function operatorsFor(field: Pick<QuestionField, 'range'>): FilterOp[] {
  return field.range ? ['eq', 'neq', 'gte', 'lte', 'empty', 'present'] : ['eq', 'neq', 'empty', 'present'];
}

const hasValue = (row: FilterRow) =>
  row.op === 'empty' || row.op === 'present' || !(row.value === null || row.value === '' || (Array.isArray(row.value) && row.value.length === 0));

/** The list filter of the rows; rows still without a value are left out. */
export function filterOf(rows: readonly FilterRow[]): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const row of rows) {
    if (!row.field || !hasValue(row)) continue;
    if (row.op === 'empty') filter[row.field] = null;
    else if (row.op === 'present') filter[`${row.field}_neq`] = null;
    else filter[`${row.field}${SUFFIX[row.op] ?? ''}`] = row.value;
  }
  return filter;
}

/** The rows of a list filter (the inverse of filterOf). */
export function rowsOf(filter: Record<string, unknown> = {}): FilterRow[] {
  return Object.entries(filter).map(([key, value]) => {
    const match = /^(.*)_(neq|gte|lte)$/.exec(key);
    const field = match ? match[1] : key;
    const op = (match ? match[2] : 'eq') as FilterOp;
    if (value === null) return { field, op: op === 'neq' ? 'present' : 'empty', value: null };
    return { field, op, value: value as FilterValue };
  });
}

/** What the form lacks before it is a question: null when it can be asked. */
export function missingPart(state: BuilderState, fields: readonly QuestionField[]): 'resource' | 'group_by' | 'measure' | null {
  if (!state.resource) return 'resource';
  if (state.groups.some(g => !g.field || (fields.find(f => f.field === g.field)?.bucket && !g.bucket))) return 'group_by';
  if (state.measure.fn !== 'count' && !state.measure.field) return 'measure';
  return null;
}

/** The spec of a complete form (see missingPart). */
export function specOf(state: BuilderState): QuestionSpec {
  const filter = filterOf(state.filters);
  const spec: QuestionSpec = { resource: state.resource, measure: state.measure.fn === 'count' ? { fn: 'count' } : { fn: state.measure.fn, field: state.measure.field! } };
  if (Object.keys(filter).length) spec.filter = filter;
  if (state.groups.length) spec.group_by = state.groups.slice(0, MAX_GROUP_BY).map(g => (g.bucket ? { field: g.field, bucket: g.bucket } : { field: g.field }));
  if (state.sort !== 'natural') spec.sort = ['value', state.sort === 'value_desc' ? 'DESC' : 'ASC'];
  if (state.limit) spec.limit = state.limit;
  return spec;
}

/** A saved question as the builder's form. */
export function stateOf(spec: QuestionSpec, visualization: Visualization): BuilderState {
  const [key, order] = spec.sort ?? [];
  return {
    resource: spec.resource,
    filters: rowsOf(spec.filter),
    groups: (spec.group_by ?? []).map(g => ({ field: g.field, bucket: g.bucket ?? null })),
    measure: { fn: spec.measure.fn, field: spec.measure.field ?? null },
    sort: key === 'value' ? (order?.toUpperCase() === 'ASC' ? 'value_asc' : 'value_desc') : 'natural',
    limit: spec.limit ?? null,
    visualization,
  };
}

/** The charts a number of groups can be drawn as: one number, a chart of one or two groups, a table always. */
export function visualizationsFor(groupCount: number): Visualization[] {
  if (groupCount === 0) return ['number', 'table'];
  if (groupCount === 1) return ['table', 'bar', 'line', 'area', 'pie'];
  return ['table', 'bar', 'stacked_bar', 'line', 'area'];
}

/** The chart kept when the groups change, if it still fits; else a number, a line over time, bars, stacked for two groups. */
export function suggestedVisualization(groups: readonly GroupRow[], current: Visualization): Visualization {
  if (visualizationsFor(groups.length).includes(current)) return current;
  if (groups.length === 0) return 'number';
  if (groups.length === 2) return 'stacked_bar';
  return groups[0].bucket ? 'line' : 'bar';
}
