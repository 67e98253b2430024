import fs from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { authenticate } from './auth/middleware';
import { createAuthRouter } from './auth/routes';
import type { SessionCache } from './auth/sessionCache';
import { systemClock, type Clock } from './clock';
import { DEFAULT_S3_SETTINGS, reportPackConfig, type Config, type ReportPackConfig } from './config';
import { watchAvailability, type DatabaseAvailability } from './db/availability';
import { withClock } from './db/clock';
import { primaryReads, type ReadRouting } from './db/readRouting';
import { NotFoundError } from './errors';
import { fileStoreFor } from './files/store';
import { createComplianceRouter } from './http/compliance';
import { createDataQualityRouter } from './http/dataQuality';
import { createReconciliationRouter } from './http/reconciliation';
import { PROJECT_ROOT } from './paths';
import { errorHandler } from './http/errorHandler';
import { createHealthRouter, refuseWhileDatabaseDown } from './http/health';
import { createHistoryRouter } from './http/history';
import { createImportRouter } from './http/imports';
import { createJobRouter } from './http/jobs';
import { createMetaRouter, createOpenApiRouter } from './http/meta';
import { createQuestionRouters } from './http/questions';
import { jsonBodies } from './http/jsonBody';
import { requestLog } from './http/requestLog';
import { securityHeaders } from './http/securityHeaders';
import { createReportRouter, isReportRun } from './http/reports';
import { routersBySegment } from './http/segmentDispatch';
import { createSubmissionRouter } from './http/submissions';
import './http/types';
import { refuseMalformedUrls } from './http/urlGuard';
import { createLogger } from './logger';
import { TOTAL_CAPPED_HEADER } from './resources/listTotal';
import { buildOpenApi, type OpenApiDocument } from './openapi/document';
import type { MountedRouter } from './openapi/operations';
import { resources as declaredResources } from './resources/registry';
import { createResourceRouter, listReadsAhead } from './resources/router';
import type { ResourceDeclaration } from './resources/types';
import { say } from './messages';

export interface AppDeps {
  knex: Knex;
  /** whether PostgreSQL is known to be down (server/db/database.ts watches it; else one is made here) */
  availability?: DatabaseAvailability;
  /** where reports and downloads read (server/db/readRouting.ts); the primary when not given */
  reads?: ReadRouting;
  /** "now" for everything the app does and writes; the system clock when not given */
  clock?: Clock;
  config?: Partial<Pick<Config, 'production' | 'sessionHours' | 'corsOrigins' | 'icmUrl' | 'fileStoreUrl' | 's3' | 'trustProxy' | 'logLevel'> & ReportPackConfig>;
  resources?: readonly ResourceDeclaration[];
  /** extra routers mounted under /api after sign-in (jobs, etc.) */
  routers?: { path: string; router: express.Router }[];
  dashboardDir?: string | null;
  /**
   * this instance's cache of sessions and API keys (server/auth/sessionCache.ts); its owner
   * closes it. Without one, every request looks its session up in the database.
   */
  sessionCache?: SessionCache | null;
  log?: (line: string) => void;
  /** the request log (server/logger.ts); tests pass a silent one */
  logger?: Logger;
}

function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Middleware order and routers, nothing else; `listen` belongs to server/index.ts. */
export function createApp(deps: AppDeps): Express {
  const clock = deps.clock ?? systemClock;
  const knex = withClock(deps.knex, clock);
  const config = {
    production: false,
    sessionHours: 12,
    corsOrigins: [] as string[],
    icmUrl: null as string | null,
    fileStoreUrl: null as string | null,
    s3: DEFAULT_S3_SETTINGS,
    trustProxy: 'loopback' as string | number,
    ...deps.config,
  };
  const reportPacks = reportPackConfig(config);
  const fileStore = fileStoreFor(config.fileStoreUrl, config.s3, deps.log ?? console.log);
  const resources = deps.resources ?? declaredResources;
  const availability = deps.availability ?? watchAvailability(deps.knex, { log: deps.log });
  const reads = deps.reads ?? primaryReads(knex, clock);
  const app = express();
  app.disable('x-powered-by');
  // API answers are `Cache-Control: no-store`, so hashing each body for an ETag is waste
  // (static files keep theirs: express.static sets its own).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(deps.logger ?? createLogger(config.logLevel)));
  app.use(securityHeaders(config.production));

  const api = express.Router();
  // Every router under /api is mounted through `mount`, which is how the OpenAPI document knows it.
  // Routers mounted one after another are reached through one dispatcher by their first path
  // segment (http/segmentDispatch.ts); a middleware between them (`use`) closes the group.
  const mounted: MountedRouter[] = [];
  let group: MountedRouter[] = [];
  const mount = (path: string, router: express.Router) => {
    group.push({ path, router });
    mounted.push({ path, router });
  };
  const use = (...handlers: express.RequestHandler[]) => {
    if (group.length) api.use(routersBySegment(group));
    group = [];
    api.use(...handlers);
  };
  let document: OpenApiDocument | null = null;
  const openApi = () => (document ??= buildOpenApi({ resources, routers: mounted }));
  use(refuseMalformedUrls);
  use(
    cors({
      origin: config.corsOrigins.length ? config.corsOrigins : true,
      credentials: config.corsOrigins.length > 0,
      exposedHeaders: ['Content-Range', TOTAL_CAPPED_HEADER, 'Content-Disposition'],
    }),
  );
  use(noStore);
  mount('/health', createHealthRouter({ knex: deps.knex, availability }));
  use(refuseWhileDatabaseDown(availability));
  use(jsonBodies(resources));
  const sessionCache = deps.sessionCache ?? null;
  mount('/auth', createAuthRouter({ knex, clock, config, sessionCache }));
  mount('/', createOpenApiRouter(openApi));
  const listRead = listReadsAhead(resources);
  use(authenticate({ knex, clock, sessionCache, readAhead: (req) => isReportRun(req) || listRead(req) }));
  mount('/', createMetaRouter({ knex, resources }));
  mount('/reports', createReportRouter({ knex, clock, reads }));
  // before the resource router, which lists and reads the same submissions
  mount('/report_submissions', createSubmissionRouter({ knex, clock }));
  mount('/compliance', createComplianceRouter({ knex, clock }));
  mount('/data_quality', createDataQualityRouter({ knex, clock }));
  mount('/payment_reconciliation', createReconciliationRouter({ knex, clock }));
  mount('/jobs', createJobRouter({ knex, clock, icmUrl: config.icmUrl, reportPacks, files: fileStore, log: deps.log ?? console.log }));
  const questionDeps = { knex, reads, clock, timeoutMs: reportPacks.questionTimeoutMs, resources };
  for (const extra of [...createQuestionRouters(questionDeps), ...(deps.routers ?? [])]) mount(extra.path, extra.router);
  // Before the resource router: /<name>/import, /<name>/:id/history and /restore are not fields or actions.
  mount('/', createImportRouter({ knex, clock, resources }));
  mount('/', createHistoryRouter({ knex, clock, resources }));
  mount('/', createResourceRouter({ knex, clock, reads }, resources, { fileStore }));
  use(() => {
    throw new NotFoundError(say('no_such_endpoint'));
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
