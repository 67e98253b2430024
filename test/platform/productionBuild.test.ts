import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../server/db/freePort';
import { ROOT, spawnServer, stopProcess } from '../helpers/serverProcess';
import { useTestDatabase } from '../helpers/testDb';

/**
 * The production build: the server compiled by `tsc -p tsconfig.build.json` (as `npm run
 * build:server` does, into a folder of this run's instead of dist/) runs with plain node, no
 * tsx, against a database that the TypeScript sources migrated: it must find every migration
 * applied (the compiled ones are `.js`, knex_migrations says `.ts`), apply none again, and be
 * ready.
 */
const db = useTestDatabase();
const outDir = path.join(ROOT, '.test-data', `build-${process.pid}`);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

it('compiles the server to JavaScript that starts with node alone and is ready on a database migrated from the sources', async () => {
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, encoding: 'utf8' });
  expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
  expect(tsc.status).toBe(0);
  const compiledMs = Date.now() - started;
  expect(fs.existsSync(path.join(outDir, 'migrations', '20261123000001_create_organizations_and_people.js'))).toBe(true);

  const migrationsBefore = await db.knex('knex_migrations').orderBy('id').pluck('name');
  expect(migrationsBefore.every((name: string) => name.endsWith('.ts'))).toBe(true);
  const port = await findFreePort();
  const server = spawnServer({ DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', NODE_ENV: 'production' }, 60_000, [path.join(outDir, 'server', 'index.js')]);
  try {
    await server.ready;
    expect(server.output()).not.toMatch(/Applied \d+ migration/);
    const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const meta = await fetch(`http://127.0.0.1:${port}/api/meta`);
    expect(meta.status).toBe(401);
    expect(await db.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(migrationsBefore);
  } finally {
    expect(await stopProcess(server)).toBe(0);
  }
  console.log(`production build: compiled in ${(compiledMs / 1000).toFixed(1)} s, ready ${((Date.now() - started - compiledMs) / 1000).toFixed(1)} s later`);
}, 120_000);
