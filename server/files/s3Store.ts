import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config';
import { AppError, FileStoreUnavailableError } from '../errors';
import { say } from '../messages';
import { s3Location } from './s3Location';
import type { FileStore } from './store';

/**
 * Attachments' content in an S3-compatible object store (FILE_STORE_URL=s3://bucket/prefix).
 * The `files` row stays in PostgreSQL and names the object (`store_key`); this module only moves
 * bytes, so the routes' rules (sniffing, limit, scope, audit, read-only) are the same for both
 * stores. What was learned about the SDK and the choices below: docs/file-store.md.
 */

/**
 * lib-storage sends a body in parts of at least 5 MiB (S3's minimum part size), buffering one
 * part at a time: with one part in flight a 25 MB upload holds about 5 MiB, never the file. A
 * body that fits in one part goes as a single PutObject.
 */
const PART_BYTES = 5 * 1024 * 1024;

/** The key a file's object is written under, after the prefix: `<file id>-<uuid>`. A sweep deletes nothing else. */
const OBJECT_NAME = /^\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createS3FileStore(url: string, settings: S3Settings, log: (line: string) => void): FileStore {
  const location = s3Location(url);
  if (!location) throw new Error(`FILE_STORE_URL must be s3://bucket or s3://bucket/prefix, got "${url}"`);
  const { bucket, prefix } = location;
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint ?? undefined,
    forcePathStyle: settings.forcePathStyle,
    // Unset: the SDK's own chain (AWS_* variables, web identity, the instance's role); never a default key.
    credentials: settings.credentials ?? undefined,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // Since 3.729 the SDK adds CRC32 trailers to every upload by default, which S3-compatible
    // servers do not all accept; checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  if (settings.forcePathStyle) {
    // Path-style bucket requests (the listing) go to `/bucket`, as AWS's earlier SDK sent them,
    // not `/bucket/`: S3 takes both, but some S3-compatible servers sign the path without the
    // slash and refuse the request (s3rver, which the tests run, does).
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { path?: string };
        if (request.path && request.path === `/${bucket}/`) request.path = `/${bucket}`;
        return next(args);
      },
      { step: 'build', name: 'bucketPathWithoutSlash' },
    );
  }

  /** An SDK failure as a 503 the client can read; the cause goes to the log, not the response. */
  const unavailable = (operation: string, key: string, error: unknown): AppError => {
    if (error instanceof AppError) return error;
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    log(`file store: ${operation} s3://${bucket}/${key} failed: ${name}: ${message}`);
    return new FileStoreUnavailableError(say('file_store_unavailable'), { cause: error });
  };

  const removeObject = async (key: string) => {
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw unavailable('delete', key, error);
    }
  };

  return {
    name: 's3',
    async write(trx, fileId, chunks) {
      const key = `${prefix}${fileId}-${crypto.randomUUID()}`;
      // The source's own refusal (a file over the limit) is answered as itself, not as the store's failure.
      let refused: unknown = null;
      async function* watched() {
        try {
          yield* chunks;
        } catch (error) {
          refused = error;
          throw error;
        }
      }
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: Readable.from(watched()) }, partSize: PART_BYTES, queueSize: 1, leavePartsOnError: false });
      try {
        await upload.done();
      } catch (error) {
        throw refused ?? unavailable('upload', key, error);
      }
      // The object exists before the row that names it is committed: if the transaction then
      // fails, the object goes too (a crash in between leaves one; docs/file-store.md).
      trx.executionPromise.catch(() => removeObject(key).catch(() => undefined));
      return { store: 's3', key };
    },
    async *read(_knex, file) {
      const key = file.store_key ?? '';
      let body: AsyncIterable<Uint8Array>;
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        body = got.Body as unknown as AsyncIterable<Uint8Array>;
      } catch (error) {
        if (error instanceof NoSuchKey) {
          log(`file store: file ${file.id} has no object s3://${bucket}/${key}`);
          throw new FileStoreUnavailableError(say('file_content_missing', { id: String(file.id) }), { cause: error });
        }
        throw unavailable('download', key, error);
      }
      for await (const chunk of body) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    },
    // Inside the delete's transaction, after the row: a store that fails keeps the row (503);
    // deleting an object that is already gone succeeds, so a retried delete completes.
    async remove(_trx, file) {
      if (file.store_key) await removeObject(file.store_key);
    },
    async sweep(knex, olderThan) {
      let listed = 0;
      let deleted = 0;
      try {
        for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix })) {
          const objects = page.Contents ?? [];
          listed += objects.length;
          // Old enough that no upload is still on its way to its commit, and named like ours.
          const candidates = objects.flatMap((object) => (object.Key && object.LastModified && object.LastModified < olderThan && OBJECT_NAME.test(object.Key.slice(prefix.length)) ? [object.Key] : []));
          if (!candidates.length) continue;
          const named = new Set<string>(await knex('files').where({ store: 's3' }).whereIn('store_key', candidates).pluck('store_key'));
          for (const key of candidates.filter((candidate) => !named.has(candidate))) {
            await removeObject(key);
            log(`file store: deleted s3://${bucket}/${key}, which no file names`);
            deleted += 1;
          }
        }
      } catch (error) {
        throw unavailable('list', prefix, error);
      }
      return { listed, deleted };
    },
  };
}
