import SwaggerParser from '@apidevtools/swagger-parser';
import { Router } from 'express';
import type { OpenAPIV3_1 } from 'openapi-types';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { useTestContext } from '../helpers/context';
import { contractAjv } from '../helpers/openapi';
import { firstRoute, mountedRoutes } from '../helpers/routerStack';

/**
 * /api/openapi.json is valid OpenAPI 3.1 (swagger-parser, and every schema compiled by Ajv's
 * JSON Schema 2020-12 dialect in strict mode), and it is the app's own list of routes: every
 * route the Express router stack has under /api is an operation of the document, and every
 * operation reaches a route of its method (not one shadowed by an earlier route).
 */
const ctx = useTestContext();
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

async function documentOf(app = ctx.app): Promise<OpenAPIV3_1.Document> {
  const { default: request } = await import('supertest');
  const res = await request(app).get('/api/openapi.json');
  expect(res.status).toBe(200);
  return res.body;
}

/** `/api/children/{id}` → `/api/children/7`: a concrete address of the operation's path. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '7');

function operations(document: OpenAPIV3_1.Document): { method: string; path: string }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as Record<string, unknown>)[method]).map((method) => ({ method, path })),
  );
}

/** The routes under /api that no operation of the document reaches first. */
function undescribedRoutes(app: typeof ctx.app, document: OpenAPIV3_1.Document): string[] {
  const hits = new Set(operations(document).map((op) => firstRoute(app, concrete(op.path), op.method)));
  return mountedRoutes(app, '/api')
    .filter((route) => !hits.has(route.layer))
    .map((route) => `${route.method.toUpperCase()} ${route.path}`);
}

describe('/api/openapi.json', () => {
  it('passes swagger-parser’s validation of OpenAPI 3.1', async () => {
    const document = await documentOf();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('has only schemas that JSON Schema 2020-12 compiles in strict mode', async () => {
    const document = await documentOf();
    const ajv = contractAjv(document);
    const problems: string[] = [];
    const compile = (where: string, schema: unknown) => {
      try {
        ajv.compile(schema as object);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    };
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) compile(`#/components/schemas/${name}`, schema);
    for (const [name, response] of Object.entries(document.components?.responses ?? {})) {
      for (const [type, media] of Object.entries((response as OpenAPIV3_1.ResponseObject).content ?? {})) compile(`#/components/responses/${name} ${type}`, media.schema ?? {});
    }
    for (const op of operations(document)) {
      const operation = (document.paths![op.path] as Record<string, OpenAPIV3_1.OperationObject>)[op.method];
      for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) compile(`${op.method} ${op.path} ${parameter.name}`, parameter.schema);
      for (const [type, media] of Object.entries((operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content ?? {})) compile(`${op.method} ${op.path} body ${type}`, media.schema);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        for (const [type, media] of Object.entries((response as OpenAPIV3_1.ResponseObject).content ?? {})) compile(`${op.method} ${op.path} ${status} ${type}`, media.schema ?? {});
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes every route the app mounts under /api, for every method', async () => {
    expect(undescribedRoutes(ctx.app, await documentOf())).toEqual([]);
  });

  it('describes no operation that does not reach a route of its own', async () => {
    const document = await documentOf();
    const routes = new Set(mountedRoutes(ctx.app, '/api').map((route) => route.layer));
    const unreached = operations(document).filter((op) => {
      const layer = firstRoute(ctx.app, concrete(op.path), op.method);
      return !layer || !routes.has(layer);
    });
    expect(unreached).toEqual([]);
  });

  it('names a route added without a description', async () => {
    const plain = Router();
    plain.get('/undescribed', (_req, res) => {
      res.json({});
    });
    const app = createApp({ knex: ctx.knex, dashboardDir: null, log: () => undefined, logger: createLogger('silent'), routers: [{ path: '/extra', router: plain }] });
    expect(undescribedRoutes(app, await documentOf(app))).toEqual(['GET /api/extra/undescribed']);
  });

  it('covers sign-in, meta, health, reports, jobs, downloads, searches, large texts and the computed lists', async () => {
    const document = await documentOf();
    const paths = document.paths!;
    for (const [method, path] of [
      ['post', '/api/auth/login'],
      ['post', '/api/auth/password'],
      ['post', '/api/auth/api_keys'],
      ['delete', '/api/auth/api_keys/{id}'],
      ['get', '/api/meta'],
      ['get', '/api/health/ready'],
      ['get', '/api/reports/csp-measures'],
      ['get', '/api/reports/wait-times/records'],
      ['get', '/api/reports/payment-summary/explanation'],
      ['post', '/api/jobs/{name}/run'],
      ['post', '/api/children/search'],
      ['get', '/api/daily_log_entries/{id}/body'],
      ['get', '/api/compliance/calendar'],
      ['get', '/api/data_quality/referrals_undecided/records'],
      ['get', '/api/payment_reconciliation/support_requests/{id}'],
      ['get', '/api/dashboards/{id}/run'],
    ] as const) {
      expect([method, path, (paths[path] as Record<string, unknown> | undefined)?.[method] !== undefined]).toEqual([method, path, true]);
    }
    const list = (paths['/api/children'] as OpenAPIV3_1.PathItemObject).get!;
    expect(Object.keys((list.responses['200'] as OpenAPIV3_1.ResponseObject).content!)).toEqual([
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const create = (paths['/api/daily_log_entries'] as OpenAPIV3_1.PathItemObject).post!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '408', '409', '413', '415', '422', '431', '500', '503']));
    const signIn = (paths['/api/auth/login'] as OpenAPIV3_1.PathItemObject).post!;
    expect(Object.keys(signIn.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(signIn.security).toEqual([]);
  });

  it('states money as a number of at most two decimals that ordinary amounts satisfy', async () => {
    const document = await documentOf();
    const amount = (document.components!.schemas!.payments as OpenAPIV3_1.SchemaObject).properties!.amount;
    expect(amount).toMatchObject({ type: 'number', 'x-decimals': 2 });
    expect(amount).not.toHaveProperty('multipleOf');
    const validate = contractAjv(document).compile(amount as object);
    // 0.07 / 0.01 is 7.000000000000001 in floating point: `multipleOf: 0.01` refused such amounts
    expect([0.07, 19.99, 1234.56, 9999999999.99, 100].map((value) => validate(value))).toEqual([true, true, true, true, true]);
    expect([0.001, 12.345, 0.1 + 0.2].map((value) => validate(value))).toEqual([false, false, false]);
  });
  it('describes compare on the reports with figures: its values, that it does not go with format, and the comparison answered', async () => {
    const document = await documentOf();
    const reportOf = (name: string) => (document.paths![`/api/reports/${name}`] as OpenAPIV3_1.PathItemObject).get!;
    const parameter = (op: OpenAPIV3_1.OperationObject, name: string) => (op.parameters as OpenAPIV3_1.ParameterObject[]).find((p) => p.name === name) as Record<string, unknown> | undefined;
    const referrals = reportOf('referral-sources');
    expect(parameter(referrals, 'compare')).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: ['previous', 'last_year'] }, 'x-not-with': ['format'] });
    expect(parameter(referrals, 'format')).toMatchObject({ 'x-not-with': ['compare'] });
    // a report that lists records has nothing to compare
    expect(parameter(reportOf('service-registry'), 'compare')).toBeUndefined();

    const answer = (referrals.responses['200'] as OpenAPIV3_1.ResponseObject).content!['application/json'].schema as OpenAPIV3_1.SchemaObject;
    expect(answer.required).not.toContain('comparison');
    expect(answer.properties!.comparison).toMatchObject({ type: 'object', required: ['kind', 'from', 'to', 'result', 'figures'] });
  });
});
