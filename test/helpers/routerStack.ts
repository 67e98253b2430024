import type { Express } from 'express';

/**
 * The Express app's router stack as data (router 2.x, Express 5): every route mounted under a
 * prefix with its methods, and which route a request would reach first, found by the layers'
 * own matchers as Express dispatches. Middleware that is neither a route nor a router (CORS,
 * sign-in, the 404 at the end) is passed over, as it calls `next` or answers an error.
 */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
  match(path: string): false | { path: string };
}

export interface MountedRoute {
  /** the route's whole path as written: mount paths and the route's own (`/api/reports/:name`) */
  path: string;
  method: string;
  layer: object;
}

function stackOf(app: Express): Layer[] {
  return (app as unknown as { router: { stack: Layer[] } }).router.stack;
}

function written(rawPath: unknown): string {
  if (typeof rawPath === 'string') return rawPath === '/' ? '' : rawPath;
  throw new Error(`A mount path the walk does not read: ${String(rawPath)}`);
}

/** Every route of the layers under `prefix`, one entry per method. */
function routesOf(stack: Layer[], prefix: string): MountedRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => layer.route!.methods[method])
        .map((method) => ({ path: `${prefix}${layer.route!.path === '/' && prefix ? '' : layer.route!.path}`, method, layer }));
    }
    if (layer.handle.stack) return routesOf(layer.handle.stack, `${prefix}${written(layer.rawPath)}`);
    return [];
  });
}

/** The routes mounted at `prefix` of the app (e.g. `/api`), whatever their depth. */
export function mountedRoutes(app: Express, prefix: string): MountedRoute[] {
  return routesOf(stackOf(app), '').filter((route) => route.path === prefix || route.path.startsWith(`${prefix}/`));
}

function firstIn(stack: Layer[], path: string, method: string): Layer | null {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      if (layer.route.methods[method] || layer.route.methods._all) return layer;
      continue;
    }
    if (!layer.handle.stack) continue;
    const rest = path.slice(matched.path.length);
    const found = firstIn(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, method);
    if (found) return found;
  }
  return null;
}

/** The route a request for `path` with `method` reaches first, or null. */
export function firstRoute(app: Express, path: string, method: string): object | null {
  return firstIn(stackOf(app), path, method);
}
