import fs from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { authenticate, currentUser } from './auth/middleware';
import { createAuthRouter } from './auth/routes';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { watchAvailability, type DatabaseAvailability } from './db/availability';
import { withClock } from './db/clock';
import { primaryReads, type ReadRouting } from './db/readRouting';
import { NotFoundError } from './errors';
import { PROJECT_ROOT } from './paths';
import { errorHandler } from './http/errorHandler';
import { createHealthRouter, refuseWhileDatabaseDown } from './http/health';
import { createJobRouter } from './http/jobs';
import { createReportRouter } from './http/reports';
import './http/types';
import { describeResources } from './resources/meta';
import { buildOpenApi } from './resources/openapi';
import { resources as declaredResources } from './resources/registry';
import { createResourceRouter } from './resources/router';
import type { ResourceDeclaration } from './resources/types';

export interface AppDeps {
  knex: Knex;
  /** whether PostgreSQL is known to be down (server/db/database.ts watches it; else one is made here) */
  availability?: DatabaseAvailability;
  /** where reports and downloads read (server/db/readRouting.ts); the primary when not given */
  reads?: ReadRouting;
  /** "now" for everything the app does and writes; the system clock when not given */
  clock?: Clock;
  config?: Partial<Pick<Config, 'production' | 'sessionHours' | 'corsOrigins' | 'icmUrl'>>;
  resources?: readonly ResourceDeclaration[];
  /** extra routers mounted under /api after sign-in (jobs, etc.) */
  routers?: { path: string; router: express.Router }[];
  dashboardDir?: string | null;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  next();
}

function noStore(_req: Request, res: Response, next: NextFunction) {
  res.set('Cache-Control', 'no-store');
  next();
}

/** Middleware order and routers, nothing else; `listen` belongs to server/index.ts. */
export function createApp(deps: AppDeps): Express {
  const clock = deps.clock ?? systemClock;
  const knex = withClock(deps.knex, clock);
  const config = { production: false, sessionHours: 12, corsOrigins: [] as string[], icmUrl: null as string | null, ...deps.config };
  const resources = deps.resources ?? declaredResources;
  const availability = deps.availability ?? watchAvailability(deps.knex, { log: deps.log });
  const reads = deps.reads ?? primaryReads(knex, clock);
  const app = express();
  app.disable('x-powered-by');
  // API answers are `Cache-Control: no-store`, so hashing each body for an ETag is waste
  // (static files keep theirs: express.static sets its own).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);

  const api = express.Router();
  api.use(
    cors({
      origin: config.corsOrigins.length ? config.corsOrigins : true,
      credentials: config.corsOrigins.length > 0,
      exposedHeaders: ['Content-Range', 'Content-Disposition'],
    }),
  );
  api.use(noStore);
  api.use('/health', createHealthRouter({ knex: deps.knex, availability }));
  api.use(refuseWhileDatabaseDown(availability));
  api.use(express.json({ limit: '64mb' }));
  api.use('/auth', createAuthRouter({ knex, clock, config, sleep: deps.sleep }));
  api.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApi(resources));
  });
  api.use(authenticate({ knex, clock }));
  api.get('/meta', (req, res) => {
    res.json(describeResources(resources, currentUser(req)));
  });
  api.use('/reports', createReportRouter({ knex, clock, reads }));
  api.use('/jobs', createJobRouter({ knex, clock, icmUrl: config.icmUrl, log: deps.log ?? console.log }));
  for (const extra of deps.routers ?? []) api.use(extra.path, extra.router);
  api.use(createResourceRouter({ knex, clock, reads }, resources));
  api.use(() => {
    throw new NotFoundError('There is no such API endpoint');
  });
  app.use('/api', api);

  const dashboardDir = deps.dashboardDir === undefined ? path.join(PROJECT_ROOT, 'dashboard', 'dist') : deps.dashboardDir;
  if (dashboardDir && fs.existsSync(path.join(dashboardDir, 'index.html'))) {
    app.use(express.static(dashboardDir, { index: false, maxAge: '1h' }));
    app.get('/{*splat}', (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(path.join(dashboardDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('The API is at /api. The dashboard is not built yet: run `npm run build:dashboard`.');
    });
  }

  app.use(errorHandler(deps.log));
  return app;
}
