import { describeActionInput } from './actionInput';
import type { FieldDescription } from './fields';
import { describeFields } from './fields';
import type { ResourceDeclaration } from './types';

/** An OpenAPI 3.1 document generated from the same declarations as /api/meta. */
function schemaOf(field: FieldDescription): Record<string, unknown> {
  const base: Record<string, unknown> = (() => {
    switch (field.type) {
      case 'integer':
        return { type: 'integer' };
      case 'number':
        return { type: 'number' };
      case 'money':
        return { type: 'number', multipleOf: 0.01, description: 'Money, at most 2 decimals' };
      case 'boolean':
        return { type: 'boolean' };
      case 'date':
        return { type: 'string', format: 'date' };
      case 'datetime':
        return { type: 'string', format: 'date-time' };
      case 'json':
        return {};
      default:
        return { type: 'string', ...(field.max_length ? { maxLength: field.max_length } : {}) };
    }
  })();
  if (field.enum) base.enum = field.nullable ? [...field.enum, null] : field.enum;
  if (field.nullable && typeof base.type === 'string') base.type = [base.type, 'null'];
  if (field.read_only) base.readOnly = true;
  if (field.write_only) base.writeOnly = true;
  if (field.reference) base['x-reference'] = field.reference;
  return base;
}

/** An action's input field, described as a column would be (choices by record field as `x-enum-by`). */
function actionInputProperty(field: ReturnType<typeof describeActionInput>[number]): Record<string, unknown> {
  const { enum_by: enumBy, ...rest } = field;
  const schema = schemaOf({ ...rest, nullable: !field.required, read_only: false, write_only: false, filterable: false, sortable: false });
  return enumBy ? { ...schema, 'x-enum-by': enumBy } : schema;
}

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };

export function buildOpenApi(resources: readonly ResourceDeclaration[]) {
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      required: ['message', 'code'],
      properties: {
        message: { type: 'string' },
        code: { type: 'string' },
        errors: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  };
  const paths: Record<string, unknown> = {};
  const listParameters = [
    { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'JSON ["field","ASC|DESC"]' },
    { name: 'range', in: 'query', schema: { type: 'string' }, description: 'JSON [start,end], inclusive, at most 1000 rows' },
    { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'JSON object; suffixes _gte _lte _gt _lt _neq; arrays mean IN; q searches' },
    { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx'] }, description: 'download the whole list' },
  ];
  const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const errors = { 400: ERROR_RESPONSE, 401: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE, 422: ERROR_RESPONSE };

  for (const resource of resources) {
    const fields = describeFields(resource);
    const name = resource.name;
    schemas[name] = {
      type: 'object',
      required: fields.filter((f) => f.required).map((f) => f.name),
      properties: Object.fromEntries(fields.map((f) => [f.name, schemaOf(f)])),
    };
    const ref = { $ref: `#/components/schemas/${name}` };
    const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
    const collection: Record<string, unknown> = {
      get: {
        tags: [name],
        summary: `List ${name}`,
        parameters: listParameters,
        responses: { 200: { description: 'Rows; Content-Range header gives the total', ...json({ type: 'array', items: ref }) }, ...errors },
      },
    };
    const item: Record<string, unknown> = {
      parameters: [idParameter],
      get: { tags: [name], summary: `Read one ${name} record`, responses: { 200: { description: 'The record', ...json(ref) }, ...errors } },
    };
    if (!resource.readOnly) {
      collection.post = { tags: [name], summary: `Create a ${name} record`, requestBody: json(ref), responses: { 201: { description: 'Created', ...json(ref) }, ...errors } };
      item.put = { tags: [name], summary: `Update a ${name} record`, requestBody: json(ref), responses: { 200: { description: 'Updated', ...json(ref) }, ...errors } };
      item.delete = { tags: [name], summary: `Delete (or archive) a ${name} record`, responses: { 200: { description: 'The removed record', ...json(ref) }, ...errors } };
    }
    paths[`/api/${name}`] = collection;
    paths[`/api/${name}/{id}`] = item;
    if (resource.details) {
      paths[`/api/${name}/{id}/details`] = {
        get: { tags: [name], summary: `Read one ${name} record with what its screen shows beside it`, parameters: [idParameter], responses: { 200: { description: 'The record and its context', ...json({ type: 'object' }) }, ...errors } },
      };
    }
    if (resource.attachments) {
      const fileId = { name: 'fileId', in: 'path', required: true, schema: { type: 'string' } };
      const tooLarge = { 413: ERROR_RESPONSE, 415: ERROR_RESPONSE };
      paths[`/api/${name}/{id}/attachments`] = {
        parameters: [idParameter],
        get: { tags: [name], summary: `The files of a ${name} record`, responses: { 200: { description: '{ files, can_upload, read_only }', ...json({ type: 'object' }) }, ...errors } },
        post: {
          tags: [name],
          summary: 'Attach a file (at most 25 MB; its type is read from its content)',
          requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } },
          responses: { 201: { description: 'The stored file', ...json({ type: 'object' }) }, ...errors, ...tooLarge },
        },
      };
      paths[`/api/${name}/{id}/attachments/{fileId}`] = {
        parameters: [idParameter, fileId],
        get: { tags: [name], summary: 'Download a file', responses: { 200: { description: 'The content, as an attachment' }, ...errors } },
        delete: { tags: [name], summary: 'Remove a file (its uploader or a manager)', responses: { 200: { description: 'The removed file', ...json({ type: 'object' }) }, ...errors } },
      };
    }
    for (const action of resource.actions ?? []) {
      paths[`/api/${name}/{id}/${action.name}`] = {
        post: {
          tags: [name],
          summary: `${action.label} (roles: ${action.roles.join(', ')})`,
          parameters: [idParameter],
          requestBody: json({
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(describeActionInput(resource, action).map((f) => [f.name, actionInputProperty(f)])),
            required: describeActionInput(resource, action).filter((f) => f.required).map((f) => f.name),
          }),
          responses: { 200: { description: 'The record after the action', ...json(ref) }, ...errors },
        },
      };
    }
  }

  return {
    openapi: '3.1.0',
    info: { title: "Children's specialized services portal API", version: '1' },
    components: {
      schemas,
      responses: { Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'sid' } },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
  };
}
