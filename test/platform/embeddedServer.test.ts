import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readConnection, readRecordedPort, runningPostmaster } from '../../server/db/embeddedDataDir';
import { findFreePort } from '../../server/db/freePort';
import { createKnex } from '../../server/db/knex';
import { runNode, spawnServer, stopProcess, type ServerProcess } from '../helpers/serverProcess';
import { runsAlone } from '../helpers/runAlone';

// its figures are times: no other file runs beside it
runsAlone();

/**
 * The embedded PostgreSQL across the life of real server processes on one DATA_DIR: it keeps
 * its port across restarts (so another instance pointed at it keeps working), moves only when
 * the port is taken, is found by `npm run job` and the knex CLI while a server runs, refuses a
 * second server at once, and is taken over after its server was killed with -9.
 */
let dataDir: string;
const started: ServerProcess[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-embedded-'));
});
afterAll(async () => {
  for (const server of started) await stopProcess(server, 'SIGKILL');
  const orphan = runningPostmaster(dataDir);
  if (orphan) process.kill(orphan, 'SIGQUIT');
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = spawnServer({ DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(await findFreePort()), SEED_DEMO: 'false', ...env });
  started.push(server);
  await server.ready;
  return server;
}

/** the port the running server's PostgreSQL listens on, from what it wrote in DATA_DIR */
const databasePort = () => Number(new URL(readConnection(dataDir)!.connectionString).port);
const baseUrl = (server: ServerProcess) => server.output().match(/running at (http:\/\/localhost:\d+)/)![1].replace('localhost', '127.0.0.1');
const toolEnv = () => ({ DATABASE_URL: '', DATA_DIR: dataDir });
const knexCli = ['node_modules/knex/bin/cli.js', '--knexfile', 'knexfile.ts', 'migrate:currentVersion'];

async function readyStatus(server: ServerProcess): Promise<number> {
  return (await fetch(`${baseUrl(server)}/api/health/ready`)).status;
}

async function waitForStatus(server: ServerProcess, status: number, withinMs: number): Promise<number> {
  const began = Date.now();
  while ((await readyStatus(server)) !== status) {
    if (Date.now() - began > withinMs) throw new Error(`/api/health/ready did not answer ${status} within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - began;
}

it('keeps its port across restarts, so an instance pointed at it with DATABASE_URL keeps working', async () => {
  const first = await startServer();
  const port = databasePort();
  expect(readRecordedPort(dataDir)).toBe(port);
  const other = await startServer({ DATABASE_URL: readConnection(dataDir)!.connectionString, DATA_DIR: path.join(dataDir, 'unused') });
  expect(await readyStatus(other)).toBe(200);

  expect(await stopProcess(first)).toBe(0);
  await waitForStatus(other, 503, 5_000);
  await startServer();
  expect(databasePort()).toBe(port);
  expect(await waitForStatus(other, 200, 5_000)).toBeLessThan(5_000);
  expect(await stopProcess(other)).toBe(0);
}, 120_000);

it('lets `npm run job` and the knex CLI use the PostgreSQL of the running server', async () => {
  const job = await runNode(['scripts/job.ts', 'refresh-payment-summaries'], toolEnv());
  expect({ code: job.code, output: job.output }).toEqual({ code: 0, output: expect.stringContaining('"status": "succeeded"') });
  expect(job.output).toContain('Using the embedded PostgreSQL of the server running');
  expect(job.ms).toBeLessThan(20_000);
  const knex = createKnex(readConnection(dataDir)!.connectionString, { poolMax: 1 });
  try {
    expect(await knex('job_runs').where({ job: 'refresh-payment-summaries', status: 'succeeded' })).toHaveLength(1);
  } finally {
    await knex.destroy();
  }

  const cli = await runNode(knexCli, toolEnv());
  expect({ code: cli.code, output: cli.output }).toEqual({ code: 0, output: expect.stringMatching(/Current Version: \d{14}/) });
}, 120_000);

it('refuses at once to start a second server on the same DATA_DIR', async () => {
  const began = Date.now();
  const second = spawnServer({ DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(await findFreePort()), SEED_DEMO: 'false' });
  started.push(second);
  expect(await second.exited).toBe(1);
  expect(second.output()).toMatch(/The embedded PostgreSQL in .+ is already running \(postmaster pid \d+, run by process \d+\)/);
  expect(Date.now() - began).toBeLessThan(15_000);
}, 60_000);

it('takes over the PostgreSQL of a server killed with -9, and says so when none runs', async () => {
  const running = started.find((server) => server.child.exitCode === null && server.child.signalCode === null)!;
  const orphan = runningPostmaster(dataDir);
  expect(orphan).not.toBeNull();
  expect(await stopProcess(running, 'SIGKILL')).toBeNull();
  expect(runningPostmaster(dataDir)).toBe(orphan);

  const next = await startServer();
  expect(next.output()).toContain(`Stopping the embedded PostgreSQL left running by a server that is gone (pid ${orphan})`);
  expect(runningPostmaster(dataDir)).not.toBe(orphan);
  expect(await readyStatus(next)).toBe(200);
  expect(await stopProcess(next)).toBe(0);
  expect(runningPostmaster(dataDir)).toBeNull();

  const cli = await runNode(knexCli, toolEnv());
  expect(cli.code).not.toBe(0);
  expect(cli.output).toContain(`the embedded PostgreSQL in ${dataDir} is not running. Start the server`);
}, 120_000);

it('moves to another port only when its own is taken, and records it', async () => {
  const recorded = readRecordedPort(dataDir)!;
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(recorded, '127.0.0.1', resolve));
  try {
    const server = await startServer();
    expect(databasePort()).not.toBe(recorded);
    expect(readRecordedPort(dataDir)).toBe(databasePort());
    // a stop that fails once in a full run must say why: the output is compared (and so printed) only then
    const code = await stopProcess(server);
    expect({ code, output: code === 0 ? 'not shown' : server.output() }).toEqual({ code: 0, output: 'not shown' });
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
}, 60_000);
