import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import type { Role } from '../../contract/enums';
import { createApp, type AppDeps } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { startSessionCache, type SessionCache } from '../../server/auth/sessionCache';
import { openSession } from '../../server/auth/sessions';
import { createLogger } from '../../server/logger';
import { sharedByFile } from './perFile';
import { createTestDatabase } from './testDb';

export const TEST_PASSWORD = 'Test-pass-2025';

export interface TestUser {
  id: number;
  email: string;
  role: Role;
  organization_id: number | null;
  full_name: string;
}

export interface TestContext {
  knex: Knex;
  app: Express;
  /** the context's database, for a server started in a process of its own */
  databaseUrl: string;
  /** the fixed "now" of this context's clock, changeable by tests */
  clock: { now: Date };
  /** the app's session cache, listening like a server instance's */
  sessionCache: SessionCache;
  createUser(input: { role: Role; organization_id?: number | null; email?: string; full_name?: string }): Promise<{ user: TestUser; token: string }>;
  api(token: string): ApiClient;
}

/** A context its creator must close (useTestContext does it for a test file). */
export interface OpenTestContext extends TestContext {
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** the clock's fixed "now" (ISO-8601); the wall clock when absent */
  now?: string;
  app?: Partial<AppDeps>;
}

export interface ApiClient {
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  put(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
}

let passwordHash: Promise<string> | null = null;
let userCounter = 0;

/** A fresh database and the whole app over it, with bearer tokens made without a sign-in. */
export async function createTestContext(options: TestContextOptions = {}): Promise<OpenTestContext> {
  const db = await createTestDatabase();
  const clock = { now: options.now ? new Date(options.now) : new Date() };
  const sessionCache = startSessionCache(db.knex);
  await sessionCache.ready;
  const app = createApp({
    knex: db.knex,
    clock: () => clock.now,
    dashboardDir: null,
    log: () => undefined,
    sessionCache,
    logger: createLogger('silent'),
    ...options.app,
  });
  passwordHash ??= hashPassword(TEST_PASSWORD, 10);

  const api = (token: string): ApiClient => {
    const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
    return {
      get: (url) => auth(request(app).get(url)),
      post: (url, body) => auth(request(app).post(url)).send(body ?? {}),
      put: (url, body) => auth(request(app).put(url)).send(body ?? {}),
      delete: (url) => auth(request(app).delete(url)),
    };
  };

  return {
    knex: db.knex,
    app,
    databaseUrl: db.url,
    clock,
    sessionCache,
    api,
    async createUser(input) {
      userCounter += 1;
      const [user] = await db.knex('users')
        .insert({
          email: input.email ?? `${input.role}-${userCounter}-${Date.now()}@test.example`,
          full_name: input.full_name ?? `${input.role} ${userCounter}`,
          role: input.role,
          organization_id: input.organization_id ?? null,
          password_hash: await passwordHash,
          active: true,
        })
        .returning(['id', 'email', 'role', 'organization_id', 'full_name']);
      const session = await openSession(db.knex, user.id, 'bearer', 12, new Date());
      return { user: user as TestUser, token: session.token };
    },
    close: async () => {
      await sessionCache.close();
      await db.destroy();
    },
  };
}

/**
 * The test file's context: a fresh database and app created before its first test and closed
 * after its last. Options computed in an earlier hook (a receiver's URL) can be given as a function.
 */
export function useTestContext(options: TestContextOptions | (() => TestContextOptions) = {}): TestContext {
  const current = sharedByFile(
    'The test context',
    () => createTestContext(typeof options === 'function' ? options() : options),
    (ctx) => ctx.close(),
  );
  return {
    get knex() {
      return current().knex;
    },
    get app() {
      return current().app;
    },
    get databaseUrl() {
      return current().databaseUrl;
    },
    get clock() {
      return current().clock;
    },
    get sessionCache() {
      return current().sessionCache;
    },
    createUser: (input) => current().createUser(input),
    api: (token) => current().api(token),
  };
}
