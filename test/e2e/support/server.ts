import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The real portal for browser tests and screenshots: the dashboard built when missing or stale
 * (scripts/prestart.js), then `node --import tsx server/index.ts` as a child process with its
 * own embedded PostgreSQL under a fresh temporary DATA_DIR, demo data loaded, jobs off.
 */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

const READY = 'is running at';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 25_000;

export interface RunningPortal {
  baseUrl: string;
  dataDir: string;
  pid: number;
  /** SIGINT, wait for the clean exit (HTTP server, then PostgreSQL), remove the data. */
  stop: () => Promise<void>;
}

/** Builds dashboard/dist when it is missing or older than its sources; throws when there is none after. */
export function buildDashboard(log: (line: string) => void = () => undefined): void {
  const started = Date.now();
  const run = (args: string[]) => {
    // the production build users get, as scripts/prestart.js makes it (jest's NODE_ENV=test would make a development one)
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  };
  let { status, output } = run([path.join(ROOT, 'scripts', 'prestart.js')]);
  if (status !== 0) {
    // prestart.js could not start the build itself (it resolved vite/bin/vite.js, which vite's
    // "exports" do not allow); build the same way through vite's package.json.
    log(`scripts/prestart.js failed (exit ${status}); building with vite directly:\n${output.split('\n').slice(0, 6).join('\n')}`);
    const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
    ({ status, output } = run([vite, 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn']));
    if (status !== 0) throw new Error(`The dashboard did not build (exit ${status}):\n${output}`);
    output = `Building the dashboard ...\n${output}`;
  } else if (output) {
    log(output);
  }
  // prestart.js starts the API alone when the build fails; the browser tests need the dashboard.
  if (/did not build/.test(output) || !fs.existsSync(path.join(ROOT, 'dashboard', 'dist', 'index.html'))) {
    throw new Error(`The dashboard did not build:\n${output}`);
  }
  if (/Building/.test(output)) log(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<number | null | 'timeout'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function startOnce(dataDir: string, port: number, log: (line: string) => void): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', JOBS_ENABLED: 'false', SEED_DEMO: 'true' };
  // Its own embedded PostgreSQL, whatever the shell points the server tests at.
  delete env.DATABASE_URL;
  if (env.NODE_ENV === 'production') delete env.NODE_ENV;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const logFile = fs.createWriteStream(path.join(dataDir, 'server.log'), { flags: 'a' });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    logFile.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.once('exit', () => logFile.end());

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`The server did not say "${READY}" within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      if (output.includes(READY)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`The server exited (${signal ?? `code ${code}`}) before it was ready`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (error: Error) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      if ((await waitForExit(child, STOP_TIMEOUT_MS)) === 'timeout') child.kill('SIGKILL');
    }
    error.message += `\n--- server output ---\n${output.slice(-4000)}`;
    throw error;
  });
  log(`server ready on port ${port} (pid ${child.pid})`);
  return { child, output: () => output };
}

/** Starts the portal; a port taken between the check and the server's bind is retried. */
export async function startPortal(log: (line: string) => void = () => undefined): Promise<RunningPortal> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
  // As root the embedded PostgreSQL runs as the postgres user, which must reach its folder.
  fs.chmodSync(tmp, 0o755);
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir, { mode: 0o755 });
  let started: Awaited<ReturnType<typeof startOnce>> | null = null;
  let port = 0;
  for (let attempt = 1; !started; attempt += 1) {
    port = await freePort();
    try {
      started = await startOnce(dataDir, port, log);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const { child, output } = started;
  // If the runner dies without its teardown, the server still stops (and stops PostgreSQL).
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  let stopped = false;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    pid: child.pid!,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      child.kill('SIGINT');
      let code = await waitForExit(child, STOP_TIMEOUT_MS);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        code = await waitForExit(child, 5_000);
      }
      fs.rmSync(tmp, { recursive: true, force: true });
      if (code !== 0) throw new Error(`The server did not stop cleanly (exit ${String(code)}):\n${output().slice(-2000)}`);
    },
  };
}
