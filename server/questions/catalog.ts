import { MEASURE_FNS, type QuestionField, type QuestionFields } from '../../contract/questions';
import { RANGE_TYPES, describeFields } from '../resources/fields';
import { referencedResource, type FilterContext } from '../resources/listQuery';
import { isDate, isGroupable, resolveField, type ResolvedField } from './fields';
import { say } from '../messages';
import { compileCheck, listProblems } from '../validation';
import { measureProblem, readableResource } from './spec';

/**
 * What a question over a resource can name (GET /api/questions/fields): its own fields and
 * those one step through a reference it filters on, each with what it can do — group (with a
 * bucket for dates), be measured by which functions, be filtered on. The same rules as the
 * spec's checks (spec.ts), so the builder offers exactly what the server accepts.
 */
const MEASURED = MEASURE_FNS.filter((fn) => fn !== 'count');

function describe(resolved: ResolvedField): QuestionField {
  const { field, owner } = resolved;
  const filters = owner.filters.includes(field.name);
  return {
    field: resolved.path,
    resource: owner.name,
    name: field.name,
    type: field.type,
    enum: field.enum,
    reference: field.reference,
    via: resolved.via,
    groups: isGroupable(resolved),
    bucket: isDate(resolved),
    measures: MEASURED.filter((fn) => measureProblem(fn, resolved) === null),
    filters,
    range: filters && RANGE_TYPES.includes(field.type),
  };
}

const usable = (field: QuestionField) => field.groups || field.filters || field.measures.length > 0;

const checkQuery = compileCheck<{ resource: string }>({
  type: 'object',
  required: ['resource'],
  additionalProperties: false,
  properties: { resource: { type: 'string', maxLength: 130, 'x-message': say('field_resource_name') } },
}, (errors) => say('catalog_one_resource', { problems: listProblems(errors), fields: Object.keys(errors).join(', ') }));

/** The fields of `?resource=` for the user: 400 for no such resource, 403 for one its role may not read. */
export function questionFields(query: unknown, context: FilterContext): QuestionFields {
  const declaration = readableResource(checkQuery(query).resource, context);
  const paths = describeFields(declaration).map((field) => field.name);
  for (const reference of Object.keys(declaration.references ?? {})) {
    const target = referencedResource(declaration, reference, context);
    for (const name of target?.filters ?? []) paths.push(`${reference}.${name}`);
  }
  const fields = paths
    .map((path) => resolveField(declaration, path, context))
    .filter((resolved): resolved is ResolvedField => resolved !== null)
    .map(describe)
    .filter(usable);
  return { resource: declaration.name, fields };
}
