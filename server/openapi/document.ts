import { ERROR_CODES } from '../errors';
import { resourceSchemas } from '../resources/openapi';
import type { ResourceDeclaration } from '../resources/types';
import { describedRoutes, expansions, type MountedRouter, type OperationSpec } from './operations';
import { ERROR, publicSchema, STRING, type Schema } from './schemas';

/**
 * The OpenAPI 3.1 document of /api/openapi.json, built from what the app mounts: each
 * described router's routes (server/openapi/operations.ts), the resource router's once per
 * declared resource. test/platform/openapiDocument.test.ts checks it against the Express
 * router stack in both directions.
 */
export interface OpenApiSources {
  resources: readonly ResourceDeclaration[];
  /** the routers mounted under /api, in order */
  routers: readonly MountedRouter[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: a parameter or field is invalid, or the request is malformed',
  401: 'Not signed in, or the session or API key has ended',
  403: 'The role may not do this, or a cookie session sent no CSRF header',
  404: 'No such record, or one outside the caller\'s scope',
  408: 'The request took too long to arrive',
  409: 'The record\'s state refuses this',
  413: 'The request body or one of its texts is over its limit',
  415: 'The body is in an encoding the server does not read',
  422: 'A business rule refuses this',
  429: 'Too many failed sign-ins: wait the Retry-After seconds',
  431: 'The address and headers exceed 16 KB',
  500: 'A fault on the server (error_id names its log line)',
  503: 'The database is unavailable, too slow, or behind on migrations: retry after Retry-After',
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'string', pattern: '^[0-9]+$' } } };

/** `components.responses`: one error answer per status, its `code` one of those of that status. */
function errorResponses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(STATUS_TEXT).map(([status, description]) => {
      const codes = Object.entries(ERROR_CODES).filter(([, spec]) => spec.status === Number(status)).map(([code]) => code);
      const schema = { allOf: [{ $ref: '#/components/schemas/Error' }, { type: 'object', properties: { code: { enum: codes } } }] };
      return [
        `Error${status}`,
        { description, ...(status === '429' || status === '503' ? { headers: RETRY_AFTER } : {}), content: { 'application/json': { schema } } },
      ];
    }),
  );
}

/** The error statuses an operation can answer whatever it does: malformed requests, the database, sign-in, bodies. */
function standardErrors(method: string, spec: OperationSpec): number[] {
  const statuses = [400, 408, 431, 500, 503];
  if (!spec.public) statuses.push(401, 403, 404);
  if (method === 'post' || method === 'put') statuses.push(413, 415);
  return [...new Set([...statuses, ...(spec.errors ?? [])])].sort((a, b) => a - b);
}

/** `/:name/run` with `{ name: 'deliver-outbox' }` → `/deliver-outbox/run`; other variables → `{id}`. */
function openApiPath(expressPath: string, fixed: Record<string, string>): { path: string; variables: string[] } {
  const variables: string[] = [];
  const path = expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    if (fixed[name] !== undefined) return fixed[name];
    variables.push(name);
    return `{${name}}`;
  });
  return { path: path.length > 1 ? path.replace(/\/$/, '') : path, variables };
}

/** The parameters a query parameter may not be given with (OperationSpec `query.exclusive`), as `x-not-with`. */
export const NOT_WITH = 'x-not-with';

function notWith(spec: OperationSpec, name: string): Record<string, unknown> {
  const others = (spec.query?.exclusive ?? []).flatMap(([a, b]) => (a === name ? [b] : b === name ? [a] : []));
  return others.length ? { [NOT_WITH]: others, description: `Not with ${others.map((other) => `\`${other}\``).join(', ')} (a 400)` } : {};
}

function operationObject(method: string, path: string, variables: string[], spec: OperationSpec, tag: string): Record<string, unknown> {
  const parameters = [
    ...variables.map((name) => ({ name, in: 'path', required: true, schema: publicSchema(spec.pathParameters?.[name] ?? STRING) })),
    ...Object.entries(spec.query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: (spec.query?.required ?? []).includes(name),
      schema: publicSchema(schema),
      ...notWith(spec, name),
    })),
  ];
  const content = spec.content ?? (spec.body ? { 'application/json': { schema: spec.body } } : undefined);
  const responses: Record<string, unknown> = Object.fromEntries(Object.entries(spec.responses).map(([status, response]) => [status, publicSchema(response)]));
  for (const status of standardErrors(method, spec)) responses[status] ??= { $ref: `#/components/responses/Error${status}` };
  return {
    operationId: `${method} ${path}`,
    tags: [spec.tag ?? tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(content ? { requestBody: { required: spec.bodyRequired !== false, content: publicSchema(content) } } : {}),
    responses,
  };
}

export function buildOpenApi(sources: OpenApiSources) {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (mountPath: string, router: MountedRouter['router']) => {
    const described = describedRoutes(router);
    if (!described) return;
    for (const route of described.routes) {
      for (const { params, spec } of expansions(route.description)) {
        const { path, variables } = openApiPath(`/api${mountPath === '/' ? '' : mountPath}${route.path}`, params);
        paths[path] ??= {};
        if (paths[path][route.method]) throw new Error(`The OpenAPI document describes ${route.method.toUpperCase()} ${path} twice`);
        paths[path][route.method] = operationObject(route.method, path, variables, spec, described.tag);
      }
    }
    for (const child of described.children) add(`${mountPath === '/' ? '' : mountPath}${child.path}`, child.router);
  };
  for (const mounted of sources.routers) add(mounted.path, mounted.router);

  const schemas: Record<string, Schema> = { Error: ERROR, ...resourceSchemas(sources.resources) };
  return {
    openapi: '3.1.0',
    info: {
      title: "Children's specialized services portal API",
      version: '1',
      description: 'The API of docs/api.md. Dates are YYYY-MM-DD; money has at most 2 decimals (`x-decimals`).',
    },
    components: {
      schemas,
      responses: errorResponses(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token (POST /api/auth/login) or an API key (csk_…)' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sid', description: 'The dashboard\'s session; writes also send X-CSRF-Token' },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;
