import type { QueryBuilder } from 'objection';
import type { CurrentUser } from '../access/roles';
import { applyScopeResult } from '../access/scope';
import { ValidationError } from '../errors';
import { say, type Message } from '../messages';
import { isValidDate } from '../validation';
import { checkJsonValue } from '../wellFormed';
import { childNameSearch, isSearchable } from './childName';
import { RANGE_TYPES, fieldMap, type FieldDescription } from './fields';
import type { ResourceDeclaration } from './types';

/**
 * The react-admin list dialect (sort, range, filter as JSON in the query string), parsed and
 * checked against the declaration before any SQL exists. Every problem is a 400 that names the
 * parameter; no user text ever becomes an identifier.
 */
export const MAX_RANGE_ROWS = 1000;
const DEFAULT_RANGE: [number, number] = [0, 24];
const OPERATORS = { _gte: '>=', _lte: '<=', _gt: '>', _lt: '<', _neq: '<>' } as const;
type Suffix = keyof typeof OPERATORS;

export interface ListParams {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

export function parseJsonParam(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new ValidationError(say('param_json_once', { name }), { [name]: say('field_json') });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ValidationError(say('param_not_json', { name }), { [name]: say('field_not_json') });
  }
  checkJsonValue(value, `"${name}"`);
  return value;
}

export function parseListParams(declaration: ResourceDeclaration, query: Record<string, unknown>): ListParams {
  return listParams(declaration, {
    sort: parseJsonParam('sort', query.sort),
    range: parseJsonParam('range', query.range),
    filter: parseJsonParam('filter', query.filter),
  });
}

/** The same parameters sent as a JSON body (POST /api/<name>/search), for filters too long for an address. */
export function parseListBody(declaration: ResourceDeclaration, body: unknown): ListParams {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(say('search_body_object'));
  }
  const { sort, range, filter, ...others } = body as Record<string, unknown>;
  const unknown = Object.keys(others);
  if (unknown.length) {
    throw new ValidationError(say('search_unknown_keys', { names: unknown.join(', ') }), Object.fromEntries(unknown.map((name) => [name, say('field_unknown')])));
  }
  return listParams(declaration, { sort, range, filter });
}

function listParams(declaration: ResourceDeclaration, raw: { sort: unknown; range: unknown; filter: unknown }): ListParams {
  return { sort: parseSort(declaration, raw.sort), range: parseRange(raw.range), filter: parseFilterObject(raw.filter) };
}

function parseSort(declaration: ResourceDeclaration, value: unknown): [string, 'ASC' | 'DESC'] {
  if (value === undefined) return declaration.defaultSort ?? ['id', 'ASC'];
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
    throw new ValidationError(say('sort_shape'), { sort: say('field_sort_shape') });
  }
  const [field, rawOrder] = value as [string, string];
  const order = rawOrder.toUpperCase();
  if (order !== 'ASC' && order !== 'DESC') {
    throw new ValidationError(say('sort_order', { order: rawOrder }), { sort: say('field_sort_order') });
  }
  if (field !== 'id' && !declaration.sorts.includes(field)) {
    throw new ValidationError(
      say('sort_unknown', { resource: declaration.name, field, fields: ['id', ...declaration.sorts].join(', ') }),
      { sort: say('field_sort_unknown', { field }) },
    );
  }
  return [field, order];
}

export function parseRange(value: unknown): [number, number] {
  if (value === undefined) return DEFAULT_RANGE;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n))) {
    throw new ValidationError(say('range_shape'), { range: say('field_range_shape') });
  }
  const [start, end] = value as [number, number];
  if (start < 0 || end < 0) throw new ValidationError(say('range_negative'), { range: say('field_negative') });
  if (end < start) throw new ValidationError(say('range_reversed'), { range: say('field_end_before_start') });
  if (end - start + 1 > MAX_RANGE_ROWS) {
    throw new ValidationError(say('range_too_many', { limit: MAX_RANGE_ROWS }), {
      range: say('field_at_most_rows', { limit: MAX_RANGE_ROWS }),
    });
  }
  return [start, end];
}

function parseFilterObject(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(say('filter_object'), { filter: say('field_object') });
  }
  return value as Record<string, unknown>;
}

function checkValue(resource: string, key: string, field: FieldDescription, value: unknown): unknown {
  const bad = (what: Message) =>
    new ValidationError(say('filter_value', { key, resource, problem: what.text }), { [key]: what });
  if (value === null) return null;
  switch (field.type) {
    case 'integer':
      if (Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value))) return Number(value);
      throw bad(say('field_whole_number'));
    case 'number':
    case 'money':
      if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))) {
        return Number(value);
      }
      throw bad(say('field_number'));
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad(say('field_boolean'));
    case 'date':
      if (isValidDate(value)) return value;
      throw bad(say('field_date'));
    case 'datetime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw bad(say('field_datetime'));
    case 'json':
      throw bad(say('field_not_filterable'));
    default:
      if (typeof value === 'string' || typeof value === 'number') {
        const text = String(value);
        if (field.enum && !field.enum.includes(text)) throw bad(say('field_one_of', { values: field.enum.join(', ') }));
        return text;
      }
      throw bad(say('field_text'));
  }
}

function splitSuffix(key: string): [string, Suffix | null] {
  for (const suffix of Object.keys(OPERATORS) as Suffix[]) {
    if (key.endsWith(suffix)) return [key.slice(0, -suffix.length), suffix];
  }
  return [key, null];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * What a filter through a reference needs: the resources it may lead to and the user whose
 * scope narrows them. Without it, `<reference>.<field>` keys are unknown filters.
 */
export interface FilterContext {
  resources: readonly ResourceDeclaration[];
  user: CurrentUser;
}

/** Adds the filter's where clauses to a query; every column name comes from the declaration. */
export function applyFilter(qb: QueryBuilder<any, any>, declaration: ResourceDeclaration, filter: Record<string, unknown>, context?: FilterContext) {
  const fields = fieldMap(declaration);
  const table = declaration.model.tableName;
  const idColumn = `${table}.${declaration.model.idColumn as string}`;
  const allowed = new Set(['id', ...declaration.filters]);

  for (const [key, rawValue] of Object.entries(filter)) {
    if (key === 'q') {
      if (rawValue === '' || rawValue === null || rawValue === undefined) continue;
      if (typeof rawValue !== 'string' || !isSearchable(declaration)) {
        throw new ValidationError(say('search_unavailable', { resource: declaration.name }), { q: say('field_search_unavailable') });
      }
      // Every word must appear in some searched field, the child's name or the number:
      // "Jonah Smith" finds first and last name.
      for (const word of rawValue.trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
        const pattern = `%${escapeLike(word)}%`;
        const others = childNameSearch(declaration, qb, context?.user, pattern, word);
        qb.where((inner) => {
          for (const column of declaration.search ?? []) inner.orWhere(`${table}.${column}`, 'ilike', pattern);
          for (const condition of others) inner.orWhereRaw(condition.sql, condition.bindings as any[]);
        });
      }
      continue;
    }
    if (key.includes('.') && context) {
      applyReferenceFilter(qb, declaration, key, rawValue, context);
      continue;
    }
    const [name, suffix] = key in OPERATORS ? [key, null] : splitSuffix(key);
    const field = fields.get(name);
    if (!field || !allowed.has(name)) {
      throw new ValidationError(
        say('filter_unknown', { key, resource: declaration.name, filters: [...allowed].join(', ') }),
        { [key]: say('field_filter_unknown') },
      );
    }
    const column = name === 'id' ? idColumn : `${table}.${name}`;
    const idField: FieldDescription = name === 'id' ? { ...field, enum: null } : field;
    if (suffix) {
      if (suffix !== '_neq' && !RANGE_TYPES.includes(field.type)) {
        throw new ValidationError(say('filter_not_range', { key, field: name }), { [key]: say('field_range_filter') });
      }
      const value = checkValue(declaration.name, key, idField, rawValue);
      if (value === null) {
        if (suffix !== '_neq') throw new ValidationError(say('filter_needs_value', { key }), { [key]: say('field_needs_value') });
        qb.whereNotNull(column);
      } else {
        qb.where(column, OPERATORS[suffix], value as any);
      }
      continue;
    }
    if (Array.isArray(rawValue)) {
      if (rawValue.length > 10_000) throw new ValidationError(say('filter_too_many', { key }), { [key]: say('field_too_many_values') });
      const values = rawValue.map((v) => checkValue(declaration.name, key, idField, v));
      if (values.length === 0) qb.whereRaw('false');
      else qb.whereIn(column, values as any[]);
    } else {
      const value = checkValue(declaration.name, key, idField, rawValue);
      if (value === null) qb.whereNull(column);
      else qb.where(column, value as any);
    }
  }
}

/**
 * `<reference>.<filter>`: the rows whose referenced record, among those the user may see,
 * matches the referenced resource's own filter (`child_id.service_delivery_area`,
 * `service_plan_id.organization_id`). One step only; the reference must itself be a filter.
 */
function applyReferenceFilter(qb: QueryBuilder<any, any>, declaration: ResourceDeclaration, key: string, value: unknown, context: FilterContext) {
  const [reference, rest] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
  const target = referencedResource(declaration, reference, context);
  if (!target || rest.includes('.') || rest === 'q') {
    throw new ValidationError(say('filter_reference_unknown', { key, resource: declaration.name, filters: referenceFilters(declaration).join(', ') || '–' }), {
      [key]: say('field_filter_unknown'),
    });
  }
  const matching = applyScopeResult(target.model.query(), target.scope(context.user)) as QueryBuilder<any, any>;
  try {
    applyFilter(matching, target, { [rest]: value });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.said, { [key]: Object.values(error.fieldMessages)[0] ?? say('field_invalid') });
  }
  qb.whereIn(`${declaration.model.tableName}.${reference}`, matching.select(`${target.model.tableName}.${target.model.idColumn as string}`));
}

function referenceFilters(declaration: ResourceDeclaration): string[] {
  return Object.keys(declaration.references ?? {}).filter((field) => declaration.filters.includes(field));
}

/** The resource a filterable reference field points at, when the user may read it. */
export function referencedResource(declaration: ResourceDeclaration, field: string, context: FilterContext): ResourceDeclaration | undefined {
  if (!referenceFilters(declaration).includes(field)) return undefined;
  const target = context.resources.find((r) => r.name === declaration.references![field]);
  return target && target.access.read.includes(context.user.role) ? target : undefined;
}

export function applySort(qb: QueryBuilder<any, any>, declaration: ResourceDeclaration, sort: [string, 'ASC' | 'DESC']) {
  const table = declaration.model.tableName;
  const idColumn = declaration.model.idColumn as string;
  const [field, order] = sort;
  const column = field === 'id' ? idColumn : field;
  qb.orderBy(`${table}.${column}`, order.toLowerCase() as 'asc' | 'desc');
  if (column !== idColumn) qb.orderBy(`${table}.${idColumn}`, order.toLowerCase() as 'asc' | 'desc');
}
