import { describeActionInput } from './actionInput';
import type { FieldDescription } from './fields';
import { describeFields, RANGE_TYPES } from './fields';
import { childNameFields, isSearchable } from './childName';
import { largeTextComputedFields, lengthField, previewField } from './largeText';
import { MAX_RANGE_ROWS } from './listQuery';
import { TOTAL_CAP, TOTAL_CAPPED_HEADER } from './listTotal';
import type { Expansion, OperationSpec, ResponseSpec } from '../openapi/operations';
import { ANY, arrayOf, BOOLEAN, DATE, DATE_TIME, DECIMALS_KEYWORD, INTEGER, json, jsonParameter, MONEY, NUMBER, nullable, openObject, PATH_ID, ref, STRING, type Schema } from '../openapi/schemas';
import type { ActionDeclaration, ResourceDeclaration } from './types';

/**
 * The resources in the OpenAPI document, from the same declarations as /api/meta: each
 * resource's schemas (the record as answered, a list row when large texts make it differ, the
 * body of a create or update) and the operations the resource router serves for it
 * (server/resources/router.ts gives these next to its routes).
 */

/** A field as an answer carries it. */
function answerSchema(field: FieldDescription): Schema {
  const base: Schema = (() => {
    switch (field.type) {
      case 'integer':
        return { ...INTEGER };
      case 'number':
        return { ...NUMBER };
      case 'money':
        return { ...MONEY };
      case 'boolean':
        return { ...BOOLEAN };
      case 'date':
        return { ...DATE };
      case 'datetime':
        return { ...DATE_TIME };
      case 'json':
        return { ...ANY };
      default:
        return field.enum ? { type: 'string', enum: [...field.enum] } : { ...STRING };
    }
  })();
  const schema = field.nullable ? nullable(base) : base;
  if (field.read_only) schema.readOnly = true;
  if (field.reference) schema['x-reference'] = field.reference;
  return schema;
}

const INPUT_KEYWORDS = ['type', 'enum', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'items', 'uniqueItems', 'minItems', 'maxItems'];

/** A field as a create or update takes it: the model's own column schema (what Objection checks). */
function inputSchema(declaration: ResourceDeclaration, field: FieldDescription): Schema {
  const column = (declaration.model.jsonSchema?.properties as Record<string, Schema> | undefined)?.[field.name];
  const schema: Schema = column
    ? Object.fromEntries(Object.entries(column).filter(([key]) => INPUT_KEYWORDS.includes(key)))
    : answerSchema({ ...field, read_only: false, reference: null });
  if (field.type === 'money') schema[DECIMALS_KEYWORD] = 2;
  const large = declaration.largeText?.[field.name as never] as { maxBytes: number } | undefined;
  if (large) schema.description = `At most ${large.maxBytes} bytes of UTF-8 (413 above)`;
  if (field.read_only) schema.readOnly = true;
  if (field.write_only) schema.writeOnly = true;
  if (field.reference) schema['x-reference'] = field.reference;
  return schema;
}

/** The child's name a record about a child carries (server/resources/childName.ts); null outside the caller's scope. */
const CHILD_NAME_SCHEMA: Schema = { type: ['string', 'null'], readOnly: true, description: "The child's name (a referral: its children's, comma-separated)" };

const rowName = (declaration: ResourceDeclaration) => (declaration.largeText ? `${declaration.name}_row` : declaration.name);
const inputName = (declaration: ResourceDeclaration) => `${declaration.name}_input`;

function closed(properties: Record<string, Schema>, required: string[]): Schema {
  return { type: 'object', additionalProperties: false, required, properties };
}

/** The components of every resource: `<name>`, `<name>_row` (large texts) and `<name>_input`. */
export function resourceSchemas(resources: readonly ResourceDeclaration[]): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const declaration of resources) {
    const fields = describeFields(declaration);
    const answered = fields.filter((f) => !f.write_only);
    const childName = Object.fromEntries(childNameFields(declaration).map((name) => [name, CHILD_NAME_SCHEMA]));
    const record = { ...Object.fromEntries(answered.map((f) => [f.name, answerSchema(f)])), ...childName };
    // a create's and a delete's answers are not read back with the child's name
    const required = (properties: Record<string, Schema>) => Object.keys(properties).filter((name) => !(name in childName));
    schemas[declaration.name] = closed(record, required(record));
    if (declaration.largeText) {
      const large = Object.keys(declaration.largeText);
      const row: Record<string, Schema> = Object.fromEntries(answered.filter((f) => !large.includes(f.name)).map((f) => [f.name, answerSchema(f)]));
      for (const field of large) {
        row[previewField(field)] = { type: ['string', 'null'], description: `The first characters of ${field}` };
        row[lengthField(field)] = { type: ['integer', 'null'], description: `The length of ${field} in characters` };
      }
      Object.assign(row, childName);
      schemas[rowName(declaration)] = closed(row, required(row));
    }
    if (!declaration.readOnly) {
      const input: Record<string, Schema> = Object.fromEntries(fields.map((f) => [f.name, inputSchema(declaration, f)]));
      for (const computed of [...largeTextComputedFields(declaration), ...childNameFields(declaration)]) input[computed] = { readOnly: true, description: 'Ignored: the server computes it' };
      schemas[inputName(declaration)] = {
        ...closed(input, fields.filter((f) => f.required && !f.read_only).map((f) => f.name)),
        description: 'Read-only fields are ignored (react-admin sends the whole record back); required: what a create must give, unless a rule fills it in',
      };
    }
  }
  return schemas;
}

const idParameter = (declaration: ResourceDeclaration) => ({ id: declaration.model.idColumn === 'id' ? PATH_ID : STRING });
const only = (params: Record<string, string>, spec: OperationSpec): Expansion[] => [{ params, spec }];
const WRITE_ERRORS = [409, 422];

function filterSchema(declaration: ResourceDeclaration): Schema {
  const fields = describeFields(declaration).filter((f) => f.filterable && f.type !== 'json');
  const properties: Record<string, Schema> = {};
  for (const field of fields) {
    const value = nullable({ ...answerSchema({ ...field, read_only: false, reference: null, nullable: false }) });
    properties[field.name] = { anyOf: [value, arrayOf(value)] };
    if (RANGE_TYPES.includes(field.type)) for (const suffix of ['_gte', '_lte', '_gt', '_lt']) properties[`${field.name}${suffix}`] = answerSchema({ ...field, read_only: false, reference: null, nullable: false });
    properties[`${field.name}_neq`] = value;
  }
  if (isSearchable(declaration)) {
    const searched = [...(declaration.search ?? []), ...(declaration.child ? ["the child's names"] : []), ...(declaration.model.idColumn === 'id' ? ['the record number'] : [])];
    properties.q = { type: 'string', description: `Searches ${searched.join(', ')}` };
  }
  return {
    type: 'object',
    properties,
    description: 'Equality, arrays (IN), null (IS NULL), the suffixes _gte _lte _gt _lt _neq, and `<reference>.<filter of the referenced resource>`',
  };
}

const sortSchema = (declaration: ResourceDeclaration): Schema => ({
  type: 'array',
  prefixItems: [{ enum: ['id', ...declaration.sorts] }, { enum: ['ASC', 'DESC', 'asc', 'desc'] }],
  minItems: 2,
  maxItems: 2,
});
const RANGE: Schema = { type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0 }], minItems: 2, maxItems: 2, description: `[start, end], inclusive, at most ${MAX_RANGE_ROWS} rows` };


const LIST_HEADERS: ResponseSpec['headers'] = {
  'Content-Range': { description: '`<resource> <first>-<last>/<total>`', schema: STRING },
  [TOTAL_CAPPED_HEADER]: { description: `"true" when the total stopped counting at ${TOTAL_CAP}`, schema: STRING },
};

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A list's answer: the page as JSON, or with `format` the whole list as CSV or XLSX. */
export function listAnswer(description: string, rows: Schema, downloads: boolean): ResponseSpec {
  return {
    description,
    headers: LIST_HEADERS,
    content: {
      'application/json': { schema: arrayOf(rows) },
      ...(downloads ? { [CSV]: { schema: STRING }, [XLSX]: { schema: { type: 'string', contentEncoding: 'binary' } } } : {}),
    },
  };
}

/** `format=csv|xlsx` and `bom=1`, the download parameters of every list. */
export const DOWNLOAD_QUERY = {
  format: { type: 'string', enum: ['csv', 'xlsx'], description: 'Download the whole filtered list instead of a page' },
  bom: { type: 'string', enum: ['0', '1'], description: '1: a CSV download starts with a UTF-8 byte-order mark' },
};

/** `sort`, `range` and `filter` of a resource's list, as query parameters. */
export function listQuery(declaration: ResourceDeclaration): Record<string, Schema> {
  return {
    sort: jsonParameter(sortSchema(declaration), '["field","ASC|DESC"]'),
    range: jsonParameter(RANGE, '[start,end]'),
    filter: jsonParameter(filterSchema(declaration), 'the list filter'),
  };
}

export function listOperations(declaration: ResourceDeclaration): Expansion[] {
  return only(
    { resource: declaration.name },
    {
      tag: declaration.name,
      summary: `List ${declaration.name}, or download the list`,
      query: {
        properties: {
          ...listQuery(declaration),
          exact_total: { type: 'string', enum: ['0', '1'], description: `1: count past ${TOTAL_CAP}` },
          ...DOWNLOAD_QUERY,
        },
      },
      responses: { 200: listAnswer('A page of rows (Content-Range gives the total), or the download', ref(rowName(declaration)), true) },
    },
  );
}

export function searchOperations(declaration: ResourceDeclaration): Expansion[] {
  return only(
    { resource: declaration.name },
    {
      tag: declaration.name,
      summary: `List ${declaration.name} with the list's parameters in the body (a filter too long for an address)`,
      body: closed({ sort: sortSchema(declaration), range: RANGE, filter: filterSchema(declaration) }, []),
      responses: { 200: listAnswer('A page of rows, as GET answers it', ref(rowName(declaration)), false) },
    },
  );
}

export function readOperations(declaration: ResourceDeclaration): Expansion[] {
  return only(
    { resource: declaration.name },
    { tag: declaration.name, summary: `Read one ${declaration.name} record`, pathParameters: idParameter(declaration), responses: { 200: json('The record', ref(declaration.name)) } },
  );
}

/** A create, update or delete: none for a read-only resource; each may meet a conflict or a rule. */
function writeOperations(declaration: ResourceDeclaration, spec: Omit<OperationSpec, 'tag' | 'errors'>): Expansion[] {
  if (declaration.readOnly) return [];
  return only({ resource: declaration.name }, { tag: declaration.name, ...spec, errors: WRITE_ERRORS });
}

export const createOperations = (declaration: ResourceDeclaration) =>
  writeOperations(declaration, {
    summary: `Create a ${declaration.name} record`,
    body: ref(inputName(declaration)),
    responses: { 201: json('The new record (large texts as in a list)', ref(rowName(declaration))) },
  });

export const updateOperations = (declaration: ResourceDeclaration) =>
  writeOperations(declaration, {
    summary: `Update a ${declaration.name} record${declaration.versioned ? ' (send the version read)' : ''}`,
    pathParameters: idParameter(declaration),
    body: ref(inputName(declaration)),
    responses: { 200: json('The record after the change (large texts as in a list)', ref(rowName(declaration))) },
  });

export const deleteOperations = (declaration: ResourceDeclaration) =>
  writeOperations(declaration, {
    summary: `Delete${declaration.archivable ? ' (or archive)' : ''} a ${declaration.name} record`,
    pathParameters: idParameter(declaration),
    responses: { 200: json('The record removed or archived', ref(declaration.name)) },
  });

/** An action's input, described as its columns are (choices by record field as `x-enum-by`). */
function actionBody(declaration: ResourceDeclaration, action: ActionDeclaration<any, any>): Schema {
  const fields = describeActionInput(declaration, action);
  const properties = Object.fromEntries(
    fields.map((field) => {
      const { enum_by: enumBy } = field;
      const base = answerSchema({ ...field, type: field.type, enum: field.enum ?? null, nullable: !field.required, read_only: false, write_only: false, reference: field.reference ?? null, max_length: field.max_length ?? null, filterable: false, sortable: false, required: Boolean(field.required) });
      if (field.max_length) base.maxLength = field.max_length;
      return [field.name, enumBy ? { ...base, 'x-enum-by': enumBy } : base];
    }),
  );
  return closed(properties, fields.filter((f) => f.required).map((f) => f.name));
}

export function actionOperations(declaration: ResourceDeclaration): Expansion[] {
  return (declaration.actions ?? []).map((action) => ({
    params: { resource: declaration.name, action: action.name },
    spec: {
      tag: declaration.name,
      summary: `${action.label} (roles: ${action.roles.join(', ')})`,
      pathParameters: idParameter(declaration),
      body: actionBody(declaration, action),
      bodyRequired: false,
      responses: { 200: json('The record after the action (for a clone, the new record)', ref(declaration.name)) },
      errors: WRITE_ERRORS,
    },
  }));
}

export function largeTextOperations(declaration: ResourceDeclaration): Expansion[] {
  return Object.keys(declaration.largeText ?? {}).map((field) => ({
    params: { resource: declaration.name, field },
    spec: {
      tag: declaration.name,
      summary: `Download the whole ${field} of a ${declaration.name} record`,
      pathParameters: idParameter(declaration),
      responses: { 200: { description: 'The text, as an attachment', content: { 'text/plain': { schema: STRING } } } },
    },
  }));
}

export function detailsOperations(declaration: ResourceDeclaration): Expansion[] {
  if (!declaration.details) return [];
  return only(
    { resource: declaration.name },
    {
      tag: declaration.name,
      summary: `Read one ${declaration.name} record with what its screen shows beside it`,
      pathParameters: idParameter(declaration),
      responses: { 200: json(`The record's fields, as GET /api/${declaration.name}/{id} answers them, and the records its screen shows beside it`, openObject('the record and its context')) },
    },
  );
}

export function offeredActionsOperations(declaration: ResourceDeclaration): Expansion[] {
  if (!declaration.actions?.length) return [];
  return only(
    { resource: declaration.name },
    {
      tag: declaration.name,
      summary: `The actions the caller may run on a ${declaration.name} record now: its role's, from the record's status, and accepted by the action's own check`,
      pathParameters: idParameter(declaration),
      responses: { 200: json('The names of the actions that would be accepted', closed({ actions: arrayOf(STRING) }, ['actions'])) },
    },
  );
}
