import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { MountedRouter } from '../openapi/operations';

/**
 * Consecutive routers of /api as one handler that hands a request only to those of them that can
 * answer its first path segment, in the order they were mounted, instead of letting every request
 * walk every router (each router entered, each of its routes tried). A resource's list went
 * through a dozen routers mounted before the resource router (reports, jobs, questions, …); that
 * walk was about a tenth of the server's CPU for a list request at 20 connections (bench/README.md).
 *
 * What a router can answer is read from how it is mounted: `/reports` answers the segment
 * `reports`; a router mounted at `/` answers the literal first segments of its routes (`/meta`),
 * or any segment once one of its routes starts with a parameter (`/:resource`) or it has a
 * middleware of its own. Segments compare as Express compares them: without case. A request
 * whose first segment is not plainly a name (empty, percent-escaped) walks every router as before.
 * The routers are read at the first request, when every route has been added.
 */
const ANY = Symbol('any segment');
type Claim = typeof ANY | string;

const NAME = /^[A-Za-z0-9_.~-]+$/;

/** The first segment of a path as a router matches it, or ANY when it is not a literal name. */
function literalSegment(path: unknown): Claim {
  if (typeof path !== 'string') return ANY;
  const segment = path.split('/')[1] ?? '';
  return NAME.test(segment) ? segment.toLowerCase() : ANY;
}

interface Layer {
  route?: { path?: unknown };
  rawPath?: unknown;
}

/** The first segments a mounted router can answer. */
function claims(entry: MountedRouter): Set<Claim> {
  if (entry.path !== '/') return new Set([literalSegment(entry.path)]);
  const stack = (entry.router as unknown as { stack?: Layer[] }).stack;
  if (!Array.isArray(stack)) return new Set([ANY]);
  return new Set(stack.map((layer) => literalSegment(layer.route ? layer.route.path : layer.rawPath)));
}

const passOn: RequestHandler = (_req, _res, next) => next();

function chainOf(entries: readonly MountedRouter[]): RequestHandler {
  if (entries.length === 0) return passOn;
  // a router mounted at `/` sees the request as its parent does: it may be called as it is
  if (entries.length === 1 && entries[0].path === '/') return entries[0].router;
  const chain = Router();
  for (const entry of entries) chain.use(entry.path, entry.router);
  return chain;
}

/** The first segment of `url` (relative to where the dispatcher is mounted), lower-cased; null when not a plain name. */
function firstSegment(url: string): string | null {
  let end = 1;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */) break;
    end += 1;
  }
  const segment = url.slice(1, end);
  return NAME.test(segment) ? segment.toLowerCase() : null;
}

/**
 * The dispatcher carries the routers' layers in their order as its `stack`, as a router would:
 * what walks the app's routes (test/helpers/routerStack.ts) sees them as mounted.
 */
export function routersBySegment(entries: readonly MountedRouter[]): RequestHandler & { stack: unknown[] } {
  const every = chainOf(entries);
  let bySegment: Map<string, RequestHandler> | null = null;
  let anySegment: RequestHandler = every;
  const build = () => {
    const claimed = entries.map(claims);
    const names = new Set<string>();
    for (const set of claimed) for (const claim of set) if (claim !== ANY) names.add(claim);
    const map = new Map<string, RequestHandler>();
    for (const name of names) map.set(name, chainOf(entries.filter((_, i) => claimed[i].has(name) || claimed[i].has(ANY))));
    anySegment = chainOf(entries.filter((_, i) => claimed[i].has(ANY)));
    return map;
  };
  const dispatch = (req: Request, res: Response, next: NextFunction) => {
    bySegment ??= build();
    const segment = firstSegment(req.url);
    const chain = segment === null ? every : (bySegment.get(segment) ?? anySegment);
    chain(req, res, next);
  };
  return Object.assign(dispatch, { stack: (every as unknown as { stack?: unknown[] }).stack ?? [] });
}
