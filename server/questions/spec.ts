import { BUCKETS, MAX_GROUPS, MAX_GROUP_BY, MEASURE_FNS, type Bucket, type MeasureFn, type QuestionSpec } from '../../contract/questions';
import { ForbiddenError, ValidationError } from '../errors';
import { applyFilter, type FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration } from '../resources/types';
import { compileCheck } from '../validation';
import { isDate, isGroupable, isMeasurableNumber, resolveField, type ResolvedField } from './fields';

/**
 * A question's spec, checked twice before any SQL exists: its shape (JSON schema), then every
 * name against the declarations (resolve). Each problem is a 400 naming the part of the spec.
 */
const NAME = { type: 'string', maxLength: 130 };

/** The shape of a question's spec (its names are checked against the declarations after it). */
export const QUESTION_SPEC_SCHEMA = {
  type: 'object',
  required: ['resource', 'measure'],
  additionalProperties: false,
  properties: {
    resource: { ...NAME, 'x-message': 'must be a resource name' },
    filter: { type: 'object', 'x-message': 'must be a list filter object' },
    group_by: {
      type: 'array',
      maxItems: MAX_GROUP_BY,
      items: {
        type: 'object',
        required: ['field'],
        additionalProperties: false,
        properties: { field: NAME, bucket: { enum: BUCKETS } },
      },
      'x-message': { maxItems: `groups by at most ${MAX_GROUP_BY} fields`, '*': `must be a list of { field, bucket? } (${BUCKETS.join(', ')})` },
    },
    measure: {
      type: 'object',
      required: ['fn'],
      additionalProperties: false,
      properties: { fn: { enum: MEASURE_FNS }, field: NAME },
      'x-message': `must be { fn, field? } with fn one of ${MEASURE_FNS.join(', ')}`,
    },
    sort: {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: [NAME, { enum: ['ASC', 'DESC', 'asc', 'desc'] }],
      'x-message': 'must be ["value" or a group_by field, "ASC" or "DESC"]',
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_GROUPS, 'x-message': `must be a whole number from 1 to ${MAX_GROUPS}` },
  },
};
const checkShape = compileCheck<QuestionSpec>(QUESTION_SPEC_SCHEMA, (errors) => `The question is not valid: ${Object.entries(errors).map(([field, message]) => `${field} ${message}`).join('; ')}`);

export interface ResolvedGroup {
  field: ResolvedField;
  bucket: Bucket | null;
}

export interface ResolvedMeasure {
  fn: MeasureFn;
  field: ResolvedField | null;
}

/** A spec whose every name was found in the declarations. */
export interface ResolvedQuestion {
  declaration: ResourceDeclaration;
  filter: Record<string, unknown>;
  groups: ResolvedGroup[];
  measure: ResolvedMeasure;
  /** the column sorted first: `value` or a group's index */
  sort: { by: 'value' | number; order: 'ASC' | 'DESC' } | null;
  limit: number | null;
}

const bad = (part: string, message: string) => new ValidationError(`The question is not valid: ${part} ${message}`, { [part]: message });

function resolveGroup(declaration: ResourceDeclaration, group: { field: string; bucket?: Bucket }, index: number, context: FilterContext): ResolvedGroup {
  const part = `group_by.${index}`;
  const field = resolveField(declaration, group.field, context);
  if (!field) throw bad(part, `"${group.field}" is not a field of ${declaration.name}`);
  if (!isGroupable(field)) {
    throw bad(part, `cannot group by "${group.field}": group by a filterable enumeration, text, yes/no, reference or date`);
  }
  if (isDate(field) && !group.bucket) throw bad(part, `"${group.field}" is a date: give a bucket (${BUCKETS.join(', ')})`);
  if (!isDate(field) && group.bucket) throw bad(part, `"${group.field}" is not a date: only dates take a bucket`);
  return { field, bucket: group.bucket ?? null };
}

/** Which fields each function measures: null when `fn` takes `field`, else why not. */
export function measureProblem(fn: MeasureFn, field: ResolvedField | null): string | null {
  if (fn === 'count') return field ? 'count takes no field (count_distinct counts the values of one)' : null;
  if (!field) return `${fn} needs a field`;
  switch (fn) {
    case 'count_distinct':
      return isGroupable(field) ? null : `count_distinct counts a field that can group (not "${field.path}")`;
    case 'sum':
    case 'avg':
      return isMeasurableNumber(field) ? null : `${fn} takes a number or an amount of money, and "${field.path}" is a ${field.field.type}`;
    case 'min':
    case 'max':
    case 'median':
      return isMeasurableNumber(field) || (isDate(field) && field.via === null) ? null : `${fn} takes a number, an amount or a date, and "${field.path}" is a ${field.field.type}`;
  }
}

function resolveMeasure(declaration: ResourceDeclaration, measure: QuestionSpec['measure'], context: FilterContext): ResolvedMeasure {
  const field = measure.field === undefined ? null : resolveField(declaration, measure.field, context);
  if (measure.field !== undefined && !field) throw bad('measure.field', `"${measure.field}" is not a field of ${declaration.name}`);
  const problem = measureProblem(measure.fn, field);
  if (problem) throw bad('measure', problem);
  return { fn: measure.fn, field };
}

function resolveSort(spec: QuestionSpec, groups: ResolvedGroup[]): ResolvedQuestion['sort'] {
  if (!spec.sort) return null;
  const [key, rawOrder] = spec.sort;
  const order = rawOrder.toUpperCase() as 'ASC' | 'DESC';
  if (key === 'value') return { by: 'value', order };
  const index = groups.findIndex((g) => g.field.path === key);
  if (index < 0) throw bad('sort', `sorts by "value" or a group_by field, not "${key}"`);
  return { by: index, order };
}

/** The declaration of a resource the user may read: 400 when there is none, 403 when the role may not read it. */
export function readableResource(name: string, context: FilterContext): ResourceDeclaration {
  const declaration = context.resources.find((r) => r.name === name);
  if (!declaration) throw bad('resource', `"${name}" is not a resource`);
  if (!declaration.access.read.includes(context.user.role)) {
    throw new ForbiddenError(`Your role (${context.user.role}) may not read ${declaration.name}`);
  }
  return declaration;
}

/**
 * The spec checked and resolved for a user: the resource must be one the user may read (else
 * 403), every field one of its declared fields, every function suited to its field's type.
 */
export function resolveQuestion(spec: unknown, context: FilterContext): ResolvedQuestion {
  const checked = checkShape(spec);
  const declaration = readableResource(checked.resource, context);
  const groups = (checked.group_by ?? []).map((group, index) => resolveGroup(declaration, group, index, context));
  if (new Set(groups.map((g) => `${g.field.path}|${g.bucket}`)).size < groups.length) throw bad('group_by', 'names the same group twice');
  return {
    declaration,
    filter: checked.filter ?? {},
    groups,
    measure: resolveMeasure(declaration, checked.measure, context),
    sort: resolveSort(checked, groups),
    limit: checked.limit ?? null,
  };
}

/** The shape, names and filter of a spec, for saving it: the same checks as asking it, nothing run. */
export function checkSpec(spec: unknown, context: FilterContext): QuestionSpec {
  const question = resolveQuestion(spec, context);
  applyFilter(question.declaration.model.query(), question.declaration, question.filter, context);
  return spec as QuestionSpec;
}
