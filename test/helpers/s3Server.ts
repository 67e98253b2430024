import fs from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import type { S3Settings } from '../../server/config';

/**
 * A real S3-compatible server in the test's process (s3rver, objects in a temporary directory)
 * with one bucket. s3rver checks request signatures, so the keys below are its own fixed test
 * keys, not secrets. What the bucket holds is read from s3rver's directory (an object `k` is the
 * file `k._S3rver_object`): its ListObjectsV2 refuses the SDK's `/bucket/` path (the store sends `/bucket`, docs/file-store.md), and the directory is independent of the code under test.
 */
export interface S3TestServer {
  bucket: string;
  /** what the app is configured with to keep files there */
  settings: S3Settings;
  /** the requests it has received, as `METHOD /path?query` */
  requests: string[];
  /** every object's key and size, by key */
  objects(): Promise<{ key: string; size: number }[]>;
  close(): Promise<void>;
}

const OBJECT_SUFFIX = '._S3rver_object';
const S3RVER_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server(bucket = 'portal-files'): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const requests: string[] = [];
  server.httpServer.on('request', (req: http.IncomingMessage) => requests.push(`${req.method} ${req.url}`));
  const settings: S3Settings = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEYS };
  const bucketDir = path.join(directory, bucket);
  return {
    bucket,
    settings,
    requests,
    async objects() {
      const files = (await fs.readdir(bucketDir, { recursive: true })).filter((file) => file.endsWith(OBJECT_SUFFIX)).sort();
      // An object removed between the listing and its stat is gone, not an error.
      const sized = await Promise.all(files.map(async (file) => ({ file, stat: await fs.stat(path.join(bucketDir, file)).catch(() => null) })));
      return sized.flatMap(({ file, stat }) => (stat ? [{ key: decodeURIComponent(file.slice(0, -OBJECT_SUFFIX.length)), size: stat.size }] : []));
    },
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
