import { BUCKETS, MAX_GROUPS, MAX_GROUP_BY, MEASURE_FNS, type Bucket, type MeasureFn, type QuestionSpec } from '../../contract/questions';
import { ForbiddenError, ValidationError } from '../errors';
import { say, type Message } from '../messages';
import { applyFilter, type FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration } from '../resources/types';
import { compileCheck, listProblems } from '../validation';
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
    resource: { ...NAME, 'x-message': say('field_resource_name') },
    filter: { type: 'object', 'x-message': say('field_filter_object') },
    group_by: {
      type: 'array',
      maxItems: MAX_GROUP_BY,
      items: {
        type: 'object',
        required: ['field'],
        additionalProperties: false,
        properties: { field: NAME, bucket: { enum: BUCKETS } },
      },
      'x-message': { maxItems: say('field_group_by_limit', { limit: MAX_GROUP_BY }), '*': say('field_group_by_shape', { buckets: BUCKETS.join(', ') }) },
    },
    measure: {
      type: 'object',
      required: ['fn'],
      additionalProperties: false,
      properties: { fn: { enum: MEASURE_FNS }, field: NAME },
      'x-message': say('field_measure_shape', { fns: MEASURE_FNS.join(', ') }),
    },
    sort: {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: [NAME, { enum: ['ASC', 'DESC', 'asc', 'desc'] }],
      'x-message': say('field_question_sort'),
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_GROUPS, 'x-message': say('field_whole_up_to', { limit: MAX_GROUPS }) },
  },
};
const checkShape = compileCheck<QuestionSpec>(QUESTION_SPEC_SCHEMA, (errors) => say('question_invalid', { problems: listProblems(errors), fields: Object.keys(errors).join(', ') }));

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

const bad = (part: string, message: Message) => new ValidationError(say('question_part_invalid', { part, problem: message.text, fields: part }), { [part]: message });

function resolveGroup(declaration: ResourceDeclaration, group: { field: string; bucket?: Bucket }, index: number, context: FilterContext): ResolvedGroup {
  const part = `group_by.${index}`;
  const field = resolveField(declaration, group.field, context);
  if (!field) throw bad(part, say('field_not_a_field_of', { field: group.field, resource: declaration.name }));
  if (!isGroupable(field)) {
    throw bad(part, say('field_cannot_group', { field: group.field }));
  }
  if (isDate(field) && !group.bucket) throw bad(part, say('field_date_needs_bucket', { field: group.field, buckets: BUCKETS.join(', ') }));
  if (!isDate(field) && group.bucket) throw bad(part, say('field_bucket_dates_only', { field: group.field }));
  return { field, bucket: group.bucket ?? null };
}

/** Which fields each function measures: null when `fn` takes `field`, else why not. */
export function measureProblem(fn: MeasureFn, field: ResolvedField | null): Message | null {
  if (fn === 'count') return field ? say('field_count_no_field') : null;
  if (!field) return say('field_fn_needs_field', { fn });
  switch (fn) {
    case 'count_distinct':
      return isGroupable(field) ? null : say('field_count_distinct_groupable', { field: field.path });
    case 'sum':
    case 'avg':
      return isMeasurableNumber(field) ? null : say('field_fn_needs_number', { fn, field: field.path, type: field.field.type });
    case 'min':
    case 'max':
    case 'median':
      return isMeasurableNumber(field) || (isDate(field) && field.via === null) ? null : say('field_fn_needs_number_or_date', { fn, field: field.path, type: field.field.type });
  }
}

function resolveMeasure(declaration: ResourceDeclaration, measure: QuestionSpec['measure'], context: FilterContext): ResolvedMeasure {
  const field = measure.field === undefined ? null : resolveField(declaration, measure.field, context);
  if (measure.field !== undefined && !field) throw bad('measure.field', say('field_not_a_field_of', { field: measure.field, resource: declaration.name }));
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
  if (index < 0) throw bad('sort', say('field_sort_value_or_group', { key }));
  return { by: index, order };
}

/** The declaration of a resource the user may read: 400 when there is none, 403 when the role may not read it. */
export function readableResource(name: string, context: FilterContext): ResourceDeclaration {
  const declaration = context.resources.find((r) => r.name === name);
  if (!declaration) throw bad('resource', say('field_not_a_resource', { name }));
  if (!declaration.access.read.includes(context.user.role)) {
    throw new ForbiddenError(say('role_may_not', { role: context.user.role, action: 'read', records: declaration.name }));
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
  if (new Set(groups.map((g) => `${g.field.path}|${g.bucket}`)).size < groups.length) throw bad('group_by', say('field_same_group_twice'));
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
