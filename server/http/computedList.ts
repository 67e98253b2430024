import type { Response } from 'express';
import { daysBetween } from '../dates';
import { ValidationError, type FieldErrors } from '../errors';
import { say, type Message } from '../messages';
import type { OperationSpec } from '../openapi/operations';
import { jsonParameter } from '../openapi/schemas';
import { MAX_RANGE_ROWS } from '../resources/listQuery';
import { compileCheck, summarise } from '../validation';

/**
 * The query string of a list the server computes (compliance items, reconciliation gaps) rather
 * than reads from one table: the list protocol's `sort`, `range` and `filter` (JSON, as
 * ra-data-simple-rest sends them) next to plain parameters such as `from` and `to`. Each
 * parameter is checked by one schema, and every problem is a 400 naming it.
 */
const ONCE = say('field_given_once');

/** A plain query-string parameter: one string matching `schema`, else `message`. */
export function parameter(schema: object, message: Message): object {
  return { type: 'string', ...schema, 'x-message': { type: ONCE, required: say('field_required'), '*': message } };
}

export const DATE_PARAMETER = parameter({ format: 'date' }, say('field_real_date'));
export const ID_PARAMETER = parameter({ pattern: '^[1-9][0-9]{0,14}$' }, say('field_record_id_param'));
const JSON_PARAMETER = parameter({}, say('field_json_capital'));

export interface ComputedListSpec<Sort extends string> {
  /** the plain parameters besides sort, range and filter, as JSON-schema properties */
  parameters: Record<string, object>;
  required: readonly string[];
  sorts: readonly Sort[];
  defaultSort: [Sort, 'ASC' | 'DESC'];
  /** the filter object's properties */
  filter: Record<string, object>;
  /** false: a summary, not a page (no sort or range accepted) */
  paged?: boolean;
}

export interface ComputedListParams<Sort extends string, Filter> {
  parameters: Record<string, string>;
  sort: [Sort, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Filter;
}

function parseJson(name: string, raw: string | undefined, errors: FieldErrors): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    errors[name] = say('field_not_json');
    return undefined;
  }
}

const checkRange = compileCheck<[number, number]>({
  type: 'array',
  items: { type: 'integer', minimum: 0 },
  minItems: 2,
  maxItems: 2,
});

/** A checker of one computed list's query strings, compiled once. */
export function computedList<Sort extends string, Filter extends object>(spec: ComputedListSpec<Sort>) {
  const checkParameters = compileCheck<Record<string, string>>({
    type: 'object',
    required: [...spec.required],
    properties: { ...spec.parameters, ...(spec.paged === false ? {} : { sort: JSON_PARAMETER, range: JSON_PARAMETER }), filter: JSON_PARAMETER },
    additionalProperties: false,
    'x-message': { additionalProperties: say('field_unknown_parameter'), required: say('field_required') },
  });
  const checkSort = compileCheck<[Sort, 'ASC' | 'DESC']>({
    type: 'array',
    items: [{ enum: [...spec.sorts] }, { enum: ['ASC', 'DESC'] }],
    minItems: 2,
    maxItems: 2,
  });
  const checkFilter = compileCheck<Filter>({ type: 'object', properties: spec.filter, additionalProperties: false });

  return (query: Record<string, unknown>): ComputedListParams<Sort, Filter> => {
    const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
    const errors: FieldErrors = checkParameters.problems(given);
    const raw = (name: string) => (errors[name] === undefined ? (given[name] as string | undefined) : undefined);
    const sort = parseJson('sort', raw('sort'), errors);
    const range = parseJson('range', raw('range'), errors);
    const filter = parseJson('filter', raw('filter'), errors);
    if (sort !== undefined && !errors.sort) {
      const problems = checkSort.problems(sort);
      if (Object.keys(problems).length) errors.sort = say('field_sort_one_of', { fields: spec.sorts.join(', ') });
    }
    if (range !== undefined && !errors.range) {
      if (Object.keys(checkRange.problems(range)).length) errors.range = say('field_range_whole');
      else if ((range as number[])[1] < (range as number[])[0]) errors.range = say('field_end_before_start');
      else if ((range as number[])[1] - (range as number[])[0] + 1 > MAX_RANGE_ROWS) errors.range = say('field_at_most_rows', { limit: MAX_RANGE_ROWS });
    }
    if (filter !== undefined && !errors.filter) {
      if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) errors.filter = say('field_object');
      else Object.assign(errors, prefixed(checkFilter.problems(filter)));
    }
    if (Object.keys(errors).length) throw new ValidationError(summarise(errors), errors);
    const parameters = Object.fromEntries(Object.keys(spec.parameters).filter((name) => given[name] !== undefined).map((name) => [name, given[name] as string]));
    return {
      parameters,
      sort: (sort as [Sort, 'ASC' | 'DESC'] | undefined) ?? spec.defaultSort,
      range: (range as [number, number] | undefined) ?? [0, 24],
      filter: ((filter as Filter | undefined) ?? {}) as Filter,
    };
  };
}


/** The query string of a computed list, as the OpenAPI document describes it. */
export function computedListQuery<Sort extends string>(spec: ComputedListSpec<Sort>): NonNullable<OperationSpec['query']> {
  const paging =
    spec.paged === false
      ? {}
      : {
          sort: jsonParameter({ type: 'array', prefixItems: [{ enum: [...spec.sorts] }, { enum: ['ASC', 'DESC'] }], minItems: 2, maxItems: 2 }, `["field","ASC|DESC"], by default ${JSON.stringify(spec.defaultSort)}`),
          range: jsonParameter({ type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0 }], minItems: 2, maxItems: 2 }, `[start,end], at most ${MAX_RANGE_ROWS} rows`),
        };
  return {
    properties: { ...spec.parameters, ...paging, filter: jsonParameter({ type: 'object', properties: spec.filter, additionalProperties: false }, 'the list filter') },
    required: spec.required,
  };
}

/** A filter key's problem is reported as `filter.<key>`, so it reads as what was sent. */
function prefixed(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([key, message]) => [`filter.${key}`, message]));
}

/** `from` ≤ `to`, at most `maxDays` apart; throws a 400 naming `to` otherwise. */
export function checkPeriod(from: string, to: string, maxDays: number): void {
  if (from > to) throw new ValidationError(say('period_reversed'), { to: say('field_after_from') });
  if (daysBetween(from, to) > maxDays) {
    throw new ValidationError(say('period_too_long_days', { limit: maxDays }), { to: say('field_days_after_from', { limit: maxDays }) });
  }
}

/** The list protocol's answer: the page as JSON and `Content-Range: <name> <first>-<last>/<total>`. */
export function sendPage(res: Response, name: string, rows: readonly unknown[], start: number, total: number): void {
  const range = rows.length ? `${start}-${start + rows.length - 1}` : '*';
  res.set('Content-Range', `${name} ${range}/${total}`);
  res.json(rows);
}
