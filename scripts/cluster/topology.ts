import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../server/db/embedded';
import { ensureStandby } from '../../server/db/standby';
import { startProxy, type RunningProxy } from './proxy';

/**
 * The whole local topology of `npm run cluster` (also the cluster test's and the cluster
 * benchmark's): an embedded primary under `<dataDir>/primary`, its hot standby under
 * `<dataDir>/standby` (made on first start, server/db/standby.ts), API instances A, B, …
 * (real `server/index.ts` processes, each on its own port, DATABASE_URL the primary and
 * REPORTS_DATABASE_URL the standby) and the round-robin proxy in front (proxy.ts). Instances
 * start one after the other, so only the first migrates and loads the demo data. `stop()`
 * stops the instances (gracefully: SIGTERM), then the proxy, the standby and the primary.
 */
const ROOT = path.resolve(__dirname, '../..');
/** the server's ready line, with the port it listens on (PORT=0 lets the system choose it) */
const READY = /is running at http:\/\/localhost:(\d+)/;
const INSTANCE_READY_MS = 180_000;
const INSTANCE_STOP_MS = 30_000;
const DATABASE = 'children_services';

export interface Instance {
  name: string;
  url: string;
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM (or the signal given) and the exit code; SIGKILL past 30 s */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export interface Topology {
  primary: EmbeddedServer;
  standby: EmbeddedServer | null;
  instances: Instance[];
  proxy: RunningProxy;
  stop: () => Promise<void>;
}

export interface TopologyOptions {
  dataDir: string;
  proxyPort: number;
  /** one instance per port (0: a free one), named A, B, … */
  instancePorts: number[];
  /** a standby for the reports (default true) */
  standby?: boolean;
  /** more environment for every instance (e.g. REPLICA_MAX_LAG_S, JOBS_ENABLED) */
  instanceEnv?: Record<string, string>;
  /** run dist/server/index.js (npm run build) instead of server/index.ts through tsx */
  compiled?: boolean;
  log?: (line: string) => void;
  /** each line an instance prints */
  instanceLog?: (name: string, line: string) => void;
}

function spawnInstance(name: string, port: number, env: Record<string, string>, options: TopologyOptions): Promise<Instance> {
  const args = options.compiled ? [path.join(ROOT, 'dist/server/index.js')] : ['--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ...options.instanceEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.instanceLog?.(name, line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const instance: Instance = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), INSTANCE_STOP_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void instance.stop('SIGKILL');
      reject(new Error(`Instance ${name} did not start within ${INSTANCE_READY_MS / 1000} s:\n${output.slice(-3000)}`));
    }, INSTANCE_READY_MS);
    const onData = () => {
      const ready = READY.exec(output);
      if (!ready) return;
      instance.url = `http://127.0.0.1:${ready[1]}`;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(instance);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Instance ${name} exited (code ${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // As root the embedded PostgreSQL runs as the postgres user, which must reach its folders.
  if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chmodSync(dataDir, 0o755);
  const started: { primary?: EmbeddedServer; standby?: EmbeddedServer | null; instances: Instance[]; proxy?: RunningProxy } = { instances: [] };
  const stop = async () => {
    await Promise.all(started.instances.map((instance) => instance.stop()));
    await started.proxy?.stop();
    await started.standby?.stop();
    await started.primary?.stop();
  };
  try {
    const primaryDir = path.join(dataDir, 'primary');
    log(`Starting the primary PostgreSQL (data in ${primaryDir}) ...`);
    started.primary = await startEmbeddedPostgres({ dataDir: primaryDir, database: DATABASE, log });
    started.standby = null;
    if (options.standby !== false) {
      log(`Starting its hot standby (data in ${path.join(dataDir, 'standby')}) ...`);
      started.standby = await ensureStandby({ from: primaryDir, dataDir: path.join(dataDir, 'standby'), database: DATABASE, log });
    }
    const env: Record<string, string> = { DATABASE_URL: started.primary.connectionString };
    if (started.standby) env.REPORTS_DATABASE_URL = started.standby.connectionString;
    for (const [index, port] of options.instancePorts.entries()) {
      const name = String.fromCharCode(65 + index);
      log(`Starting instance ${name} on ${port ? `port ${port}` : 'a free port'} ...`);
      started.instances.push(await spawnInstance(name, port, env, options));
    }
    started.proxy = await startProxy({ port: options.proxyPort, backends: started.instances.map((i) => ({ name: i.name, url: i.url })), log });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { primary: started.primary, standby: started.standby, instances: started.instances, proxy: started.proxy, stop };
}
