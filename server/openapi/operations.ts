import { Router, type RequestHandler } from 'express';
import type { Schema } from './schemas';

/**
 * How a hand-written router says what its routes are, next to them: each route is added with
 * its description (`routes.get(path, spec, handler)`), so the OpenAPI document
 * (server/openapi/document.ts) is built from the routers the app mounts and a route cannot be
 * added without one. docs/api.md, "Describing a new route".
 */
export type Method = 'get' | 'post' | 'put' | 'delete';

/** A success answer: JSON of a schema, a download, or any OpenAPI response object. */
export interface ResponseSpec {
  description: string;
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, { description: string; schema: Schema }>;
}

export interface OperationSpec {
  summary: string;
  description?: string;
  /** the document's tag; the router's by default */
  tag?: string;
  /** answered without sign-in (no 401, no 403) */
  public?: boolean;
  /** a path variable's schema (a string by default) */
  pathParameters?: Record<string, Schema>;
  /**
   * the query string: one string parameter per property (the schema the handler checks);
   * `exclusive`: pairs of parameters the handler refuses together (a 400), which the document
   * states on each as `x-not-with` (no schema keyword spans two parameters)
   */
  query?: { properties: Record<string, unknown>; required?: readonly string[]; exclusive?: readonly (readonly [string, string])[] };
  /** a JSON body's schema */
  body?: Schema;
  /** false: the JSON body may be left out (the handler takes `{}`) */
  bodyRequired?: boolean;
  /** a body of another media type (an upload) */
  content?: Record<string, { schema: Schema }>;
  /** the successes by status */
  responses: Record<number, ResponseSpec>;
  /** error statuses beyond those every operation of its kind has (document.ts `standardErrors`) */
  errors?: readonly number[];
}

/** One concrete operation of a route with a variable part: the values of its fixed path variables. */
export interface Expansion {
  params: Record<string, string>;
  spec: OperationSpec;
}

/** A route's description: one operation, or one per resource, report, check or job. */
export type RouteDescription = OperationSpec | { expand: () => readonly Expansion[] };

export interface DescribedRoute {
  method: Method;
  /** the route's Express path inside its router (`/:name/run`) */
  path: string;
  description: RouteDescription;
}

export interface DescribedRoutes {
  tag: string;
  routes: DescribedRoute[];
  /** described routers mounted inside this one */
  children: MountedRouter[];
}

type AddRoute = (path: string, description: RouteDescription, ...handlers: RequestHandler[]) => void;

export interface DescribedRouter {
  router: Router;
  get: AddRoute;
  post: AddRoute;
  put: AddRoute;
  delete: AddRoute;
  /** mounts a described router inside this one (its routes join the document under `path`) */
  mount(path: string, child: Router): void;
}

const described = new WeakMap<Router, DescribedRoutes>();

export function describedRouter(options: { tag: string }): DescribedRouter {
  const router = Router();
  const routes: DescribedRoute[] = [];
  const children: MountedRouter[] = [];
  described.set(router, { tag: options.tag, routes, children });
  const add =
    (method: Method): AddRoute =>
    (path, description, ...handlers) => {
      routes.push({ method, path, description });
      router[method](path, ...handlers);
    };
  const mount = (path: string, child: Router) => {
    children.push({ path, router: child });
    router.use(path, child);
  };
  return { router, get: add('get'), post: add('post'), put: add('put'), delete: add('delete'), mount };
}

/** The routes a router describes; null for a router not made by describedRouter. */
export function describedRoutes(router: Router): DescribedRoutes | null {
  return described.get(router) ?? null;
}

/** A router mounted under /api, as server/app.ts records it for the document. */
export interface MountedRouter {
  path: string;
  router: Router;
}

export function expansions(description: RouteDescription): readonly Expansion[] {
  return 'expand' in description ? description.expand() : [{ params: {}, spec: description }];
}
