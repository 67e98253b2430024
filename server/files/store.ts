import type { Knex } from 'knex';
import type { S3Settings } from '../config';
import { rowTimestamps } from '../db/clock';
import { FileStoreUnavailableError } from '../errors';
import { say } from '../messages';

/**
 * Where attachments' content lives. The `files` row (metadata, the record it hangs on) is
 * always in PostgreSQL; the bytes go to a FileStore, chosen by FILE_STORE_URL:
 *
 * - unset or `postgres:` — the `file_chunks` table, in the upload's own transaction (a failed
 *   or refused upload leaves nothing), 256 KiB per row, read back a chunk at a time.
 * - `s3://bucket/prefix` — an S3-compatible object store (server/files/s3Store.ts), one object
 *   per file under the prefix, reached with the S3_* settings (docs/file-store.md).
 *
 * New files go to that store; a file is read and removed where its row says it is
 * (`files.store`), so files kept in PostgreSQL stay readable after a move to S3.
 * Content is written and read as a stream of chunks: no store ever holds a whole file.
 */
export interface StoredContent {
  /** `files.store` */
  store: 'postgres' | 's3';
  /** `files.store_key`: the object's key in an external store; null for PostgreSQL */
  key: string | null;
}

export interface FileStore {
  readonly name: StoredContent['store'];
  /**
   * Writes `chunks` (each at most CHUNK_BYTES) as the content of file `fileId`, in order, inside
   * `trx` where the store can join it. Answers where it went.
   */
  write(trx: Knex.Transaction, fileId: number, chunks: AsyncIterable<Buffer>): Promise<StoredContent>;
  /** The content of a file, chunk by chunk. */
  read(knex: Knex, file: StoredFile): AsyncIterable<Buffer>;
  /**
   * Removes a file's content, inside `trx` where the store can join it; a store that cannot
   * fails the delete.
   */
  remove(trx: Knex.Transaction, file: StoredFile): Promise<void>;
  /**
   * Deletes the objects no `files` row names that were written before `olderThan`: what a crash
   * between an upload and its commit leaves (docs/file-store.md). A store inside the database has
   * none, and no sweep.
   */
  sweep?(knex: Knex, olderThan: Date): Promise<SweepSummary>;
}

/** What a sweep found: objects listed under the store's prefix, and the orphans it deleted. */
export interface SweepSummary {
  listed: number;
  deleted: number;
}

/** What a store needs of a `files` row to find its content. */
export interface StoredFile {
  id: number;
  store: StoredContent['store'];
  store_key: string | null;
}

/** The size of a stored chunk: large enough to keep rows few, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;

export const postgresFileStore: FileStore = {
  name: 'postgres',
  async write(trx, fileId, chunks) {
    let seq = 0;
    for await (const data of chunks) {
      await trx('file_chunks').insert({ file_id: fileId, seq, data, ...rowTimestamps(trx) });
      seq += 1;
    }
    return { store: 'postgres', key: null };
  },
  async *read(knex, file) {
    for (let seq = 0; ; seq += 1) {
      const row = await knex('file_chunks').where({ file_id: file.id, seq }).first('data');
      if (!row) return;
      yield row.data as Buffer;
    }
  },
  async remove(trx, file) {
    await trx('file_chunks').where({ file_id: file.id }).delete();
  },
};

/** The store FILE_STORE_URL names (see above); an unknown one stops the server. */
export function fileStoreFor(url: string | null, s3: S3Settings, log: (line: string) => void): FileStore {
  if (!url || url === 'postgres:') return withEarlierFiles(postgresFileStore, []);
  if (url.startsWith('s3://')) {
    // Required here, not imported above: the AWS SDK takes about 0.3 s to load, which a server
    // keeping files in PostgreSQL need not pay.
    const { createS3FileStore }: typeof import('./s3Store') = require('./s3Store');
    return withEarlierFiles(createS3FileStore(url, s3, log), [postgresFileStore]);
  }
  throw new Error(`FILE_STORE_URL must be unset, postgres: or s3://bucket/prefix, got "${url}"`);
}

/** `current` for new files; each file read and removed by the store its row names, 503 when that one is not configured. */
function withEarlierFiles(current: FileStore, earlier: FileStore[]): FileStore {
  const storeOf = (file: StoredFile): FileStore => {
    const found = [current, ...earlier].find((store) => store.name === file.store);
    if (!found) throw new FileStoreUnavailableError(say('file_store_not_configured', { id: String(file.id), store: file.store }));
    return found;
  };
  return {
    name: current.name,
    write: (trx, fileId, chunks) => current.write(trx, fileId, chunks),
    read: (knex, file) => storeOf(file).read(knex, file),
    remove: (trx, file) => storeOf(file).remove(trx, file),
    ...(current.sweep ? { sweep: current.sweep.bind(current) } : {}),
  };
}
