import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { MountedRouter } from '../openapi/operations';

/**
 * Consecutive routers of /api as one handler that hands a request only to those of them that can
 * answer it, in the order they were mounted, instead of letting every request walk every router
 * (each router entered, each of its routes tried). A resource's list went through a dozen routers
 * mounted before the resource router (reports, jobs, questions, the import and history routes);
 * that walk was about a tenth of the server's CPU for a list request at 20 connections
 * (bench/README.md).
 *
 * What a router can answer is read from how it is mounted, by the request's first path segment
 * and its number of segments: `/reports` answers `reports/…`; a router mounted at `/` answers
 * what its routes match — `/meta` the one segment `meta`, `/:resource/:id/history` any three
 * segments — and everything once it has a middleware of its own or a route written with more
 * than names and parameters (a wildcard, an optional part). Segments compare as Express compares
 * them: without case. A request whose path is not plainly made of names (an empty segment, a
 * percent-escape, more than MAX_SEGMENTS) walks every router as before. The routers are read at
 * the first request, when every route has been added.
 */
const ANY = Symbol('any segment');

const NAME = /^[A-Za-z0-9_.~-]+$/;
const PARAMETER = /^:[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Deeper paths walk every router: no route of ours has more than a few segments. */
const MAX_SEGMENTS = 16;

/** What a route or a mounted router can match: its first segment (or any), and how many segments. */
interface Claim {
  first: typeof ANY | string;
  min: number;
  max: number;
}

const EVERYTHING: Claim = { first: ANY, min: 0, max: Infinity };

/** A path as a router matches it: exactly its segments (a route), or those and more (a mount). */
function claimOf(path: unknown, prefix: boolean): Claim {
  if (typeof path !== 'string') return EVERYTHING;
  const segments = path.split('/').filter(Boolean);
  if (!segments.every((segment) => NAME.test(segment) || PARAMETER.test(segment))) return EVERYTHING;
  const first = segments.length === 0 || PARAMETER.test(segments[0]) ? ANY : segments[0].toLowerCase();
  return { first, min: segments.length, max: prefix ? Infinity : segments.length };
}

interface Layer {
  route?: { path?: unknown };
  rawPath?: unknown;
}

/** What a mounted router can match: one claim per layer of a router at `/`. */
function claims(entry: MountedRouter): Claim[] {
  if (entry.path !== '/') return [claimOf(entry.path, true)];
  const stack = (entry.router as unknown as { stack?: Layer[] }).stack;
  if (!Array.isArray(stack)) return [EVERYTHING];
  return stack.map((layer) => (layer.route ? claimOf(layer.route.path, false) : claimOf(layer.rawPath, true)));
}

function answers(claimed: readonly Claim[], first: string, count: number): boolean {
  return claimed.some((claim) => (claim.first === ANY || claim.first === first) && claim.min <= count && count <= claim.max);
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

/** The first segment of `url`'s path (relative to where the dispatcher is mounted), lower-cased, and how many segments it has; null when not plain names. */
function shapeOf(url: string): { first: string; count: number } | null {
  const query = url.indexOf('?');
  const segments = (query === -1 ? url : url.slice(0, query)).split('/');
  // `/a/b/` is `/a/b` to a router; a leading `/` is always there
  if (segments.length > 2 && segments[segments.length - 1] === '') segments.pop();
  segments.shift();
  if (segments.length > MAX_SEGMENTS || !segments.every((segment) => NAME.test(segment))) return null;
  return { first: segments[0].toLowerCase(), count: segments.length };
}

/**
 * The dispatcher carries the routers' layers in their order as its `stack`, as a router would:
 * what walks the app's routes (test/helpers/routerStack.ts) sees them as mounted.
 */
export function routersBySegment(entries: readonly MountedRouter[]): RequestHandler & { stack: unknown[] } {
  const every = chainOf(entries);
  let claimed: Claim[][] | null = null;
  const chains = new Map<string, RequestHandler>();
  /** The chain of a known first segment (or of any other, `null`) and a segment count: at most (names + 1) × MAX_SEGMENTS of them. */
  const chainFor = (first: string | null, count: number) => {
    const key = `${first ?? ''}/${count}`;
    let chain = chains.get(key);
    if (!chain) {
      claimed ??= entries.map(claims);
      // a name no router names (`first` null) is answered only by routers that take any first segment
      chain = chainOf(entries.filter((_, i) => answers(claimed![i], first ?? '', count)));
      chains.set(key, chain);
    }
    return chain;
  };
  let names: Set<string> | null = null;
  const dispatch = (req: Request, res: Response, next: NextFunction) => {
    const shape = shapeOf(req.url);
    if (!shape) return every(req, res, next);
    claimed ??= entries.map(claims);
    names ??= new Set(claimed.flat().flatMap((claim) => (claim.first === ANY ? [] : [claim.first])));
    chainFor(names.has(shape.first) ? shape.first : null, shape.count)(req, res, next);
  };
  return Object.assign(dispatch, { stack: (every as unknown as { stack?: unknown[] }).stack ?? [] });
}
