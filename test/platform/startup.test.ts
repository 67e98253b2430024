import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../server/db/freePort';
import { useTestDatabase } from '../helpers/testDb';

/**
 * `npm start`'s process, for real: it migrates, creates the first administrator from the
 * environment, serves the API, and stops cleanly on SIGINT. Run against a test database
 * (DATABASE_URL) so the suite does not start a second PostgreSQL.
 */
const ROOT = path.resolve(__dirname, '../..');
const db = useTestDatabase();

beforeAll(async () => {
  await db.knex.migrate.rollback(undefined, true);
});

function exitOf(child: ChildProcess, output: () => string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.on('exit', resolve);
    setTimeout(() => reject(new Error(`did not exit within 30 s: ${output()}`)), 30_000).unref();
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, JOBS_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`not ready after 45 s: ${output}`)), 45_000).unref();
  });
  return { child, output: () => output, ready };
}

it('migrates, creates the first administrator, serves the API and stops on Ctrl-C', async () => {
  const port = await findFreePort();
  const server = start({ DATABASE_URL: db.url, PORT: String(port), NODE_ENV: 'production', ADMIN_EMAIL: 'first@admin.example', ADMIN_PASSWORD: 'Strong-pass-2026' });
  await server.ready;
  expect(server.output()).toContain(`http://localhost:${port}`);
  expect(server.output()).not.toContain('Demo sign-ins');

  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'first@admin.example', password: 'Strong-pass-2026' }),
  });
  expect(login.status).toBe(200);
  expect(login.headers.get('set-cookie')).toMatch(/Secure/);
  const demo = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.example', password: 'Demo2025!' }),
  });
  expect(demo.status).toBe(401);
  expect(Number((await db.knex('users').count('* as n').first())!.n)).toBe(1);

  const exited = exitOf(server.child, server.output);
  server.child.kill('SIGINT');
  expect({ code: await exited, output: server.output() }).toEqual({ code: 0, output: expect.stringContaining('Stopped.') });
}, 60_000);

it('starts its own embedded PostgreSQL in DATA_DIR when no DATABASE_URL is set, and stops it', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-start-'));
  const port = await findFreePort();
  const env = { ...process.env } as Record<string, string>;
  delete env.DATABASE_URL;
  const server = start({ ...env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'false' });
  try {
    await server.ready;
    expect(server.output()).toContain('embedded PostgreSQL');
    expect(fs.existsSync(path.join(dataDir, 'connection.json'))).toBe(true);
    const res = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
    expect(res.status).toBe(200);
    const exited = exitOf(server.child, server.output);
    server.child.kill('SIGINT');
    // the output says why, when it did not stop cleanly
    expect({ code: await exited, output: server.output() }).toEqual({ code: 0, output: expect.stringContaining('Stopped.') });
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  } finally {
    server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
