import type { Router } from 'express';
import type { Knex } from 'knex';
import { JOB_NAMES } from '../../contract/jobs';
import { CONTRACT_PROGRAMS, ROLES } from '../../contract/enums';
import { organizationPrograms } from '../access/programs';
import { currentUser } from '../auth/middleware';
import type { OpenApiDocument } from '../openapi/document';
import { describedRouter } from '../openapi/operations';
import { arrayOf, BOOLEAN, ID, INTEGER, json, nullable, object, oneOf, openObject, STRING, type Schema } from '../openapi/schemas';
import { booleanDefaults } from '../resources/booleanDefaults';
import { describeResources } from '../resources/meta';
import type { ResourceDeclaration } from '../resources/types';

/**
 * GET /api/openapi.json (no sign-in) and GET /api/meta: what the API is, for tools and for the
 * dashboard (docs/api.md).
 */
const FIELD_TYPES = ['string', 'text', 'integer', 'number', 'money', 'boolean', 'date', 'datetime', 'json'];
const STRINGS = arrayOf(STRING);
const PROGRAMS = arrayOf(oneOf(CONTRACT_PROGRAMS));
const SORT = { type: 'array', prefixItems: [STRING, oneOf(['ASC', 'DESC'])], minItems: 2, maxItems: 2 };

/** A reference picker's filter on its target: another field of the form, or a constant (contract/meta.ts). */
const REFERENCE_FILTER = {
  type: 'object',
  additionalProperties: { anyOf: [object({ field: STRING }), object({ value: { type: ['string', 'number', 'boolean', 'null'] } })] },
};

const META_FIELD = object(
  {
    name: STRING,
    type: oneOf(FIELD_TYPES),
    required: BOOLEAN,
    nullable: BOOLEAN,
    max_length: nullable(INTEGER),
    enum: nullable(STRINGS),
    reference: nullable(STRING),
    read_only: BOOLEAN,
    write_only: BOOLEAN,
    filterable: BOOLEAN,
    sortable: BOOLEAN,
    reference_filter: nullable(REFERENCE_FILTER),
    default: BOOLEAN,
  },
  ['reference_filter', 'default'],
);

const ACTION_INPUT = object(
  {
    name: STRING,
    type: oneOf(['string', 'text', 'date', 'number', 'integer', 'boolean']),
    required: BOOLEAN,
    enum: nullable(STRINGS),
    enum_by: nullable(object({ field: STRING, choices: { type: 'object', additionalProperties: STRINGS } })),
    reference: nullable(STRING),
    max_length: nullable(INTEGER),
    from_record: BOOLEAN,
  },
  ['required', 'enum', 'enum_by', 'reference', 'max_length', 'from_record'],
);

const META_RESOURCE = object({
  name: STRING,
  label: STRING,
  id_field: STRING,
  fields: arrayOf(META_FIELD),
  filters: STRINGS,
  range_filters: STRINGS,
  sorts: STRINGS,
  search: STRINGS,
  default_sort: SORT,
  permissions: object({ read: BOOLEAN, create: BOOLEAN, update: BOOLEAN, delete: BOOLEAN }),
  writable_fields: nullable(STRINGS),
  versioned: BOOLEAN,
  archivable: BOOLEAN,
  read_only: BOOLEAN,
  attachments: BOOLEAN,
  locked_statuses: nullable(STRINGS),
  programs: nullable(PROGRAMS),
  actions: arrayOf(object({ name: STRING, label: STRING, allowed: BOOLEAN, from_status: nullable(STRINGS), checked: BOOLEAN, input: arrayOf(ACTION_INPUT) })),
});

export const META: Schema = object({
  user: object({ id: ID, role: oneOf(ROLES), organization_id: nullable(ID) }),
  resources: arrayOf(META_RESOURCE),
  jobs: arrayOf(oneOf(JOB_NAMES)),
  programs: PROGRAMS,
  reports: arrayOf(object({ name: STRING, title: STRING, programs: nullable(PROGRAMS) })),
});


export function createOpenApiRouter(document: () => OpenApiDocument): Router {
  const routes = describedRouter({ tag: 'meta' });
  routes.get(
    '/openapi.json',
    { summary: 'This document', public: true, responses: { 200: json('An OpenAPI 3.1 document', openObject('OpenAPI 3.1')) } },
    (_req, res) => {
      res.json(document());
    },
  );
  return routes.router;
}

export function createMetaRouter({ knex, resources }: { knex: Knex; resources: readonly ResourceDeclaration[] }): Router {
  const routes = describedRouter({ tag: 'meta' });
  routes.get(
    '/meta',
    { summary: 'The resources the caller may read, their fields, filters, permissions and actions, the jobs it may run, the programmes its organisation works in and the reports', responses: { 200: json('The description', META) } },
    async (req, res) => {
      const user = currentUser(req);
      res.json(describeResources(resources, user, await organizationPrograms(knex, user), await booleanDefaults(knex)));
    },
  );
  return routes.router;
}
