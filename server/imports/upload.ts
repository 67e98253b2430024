import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { IMPORT_MAX_BYTES } from '../../contract/imports';
import { PayloadTooLargeError, ValidationError } from '../errors';
import { say } from '../messages';

/**
 * An import's file, received as multipart/form-data (busboy) and written as it arrives to a
 * temporary file, its SHA-256 and size counted on the way: nothing holds more than a chunk, and
 * the readers (read.ts) then stream it from disk — a CSV line by line, an XLSX (a zip, whose
 * parts a reader needs in an order of its own) from the file. The form's other fields (the
 * column mapping, an import key) may come before or after the file.
 */
export interface ReceivedFile {
  path: string;
  /** the name the client gave, without directories; null when it gave none */
  fileName: string | null;
  bytes: number;
  sha256: string;
  fields: Record<string, string>;
  /** removes the temporary file */
  remove(): Promise<void>;
}

const FIELD_NAMES = ['mapping', 'import_key'];

function fileTooLarge(): PayloadTooLargeError {
  const mb = IMPORT_MAX_BYTES / (1024 * 1024);
  return new PayloadTooLargeError(say('import_file_too_large', { limit: mb }), { file: say('field_file_too_large', { limit: mb }) });
}

function baseName(name: string | undefined): string | null {
  const base = (String(name ?? '').split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return base || null;
}

/** Reads the rest of a request the server will not use, so its client reads the answer rather than a cut connection. */
export function drain(req: Request): void {
  req.resume();
}

export async function receiveFile(req: Request): Promise<ReceivedFile> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > IMPORT_MAX_BYTES + 1024 * 1024) {
    drain(req);
    throw fileTooLarge();
  }
  let parser: busboy.Busboy;
  try {
    // One byte past the limit tells "too large" from "exactly the limit" (busboy marks the file truncated).
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: IMPORT_MAX_BYTES + 1, fields: 10, fieldSize: 256 * 1024, parts: 12 } });
  } catch {
    drain(req);
    throw new ValidationError(say('file_multipart'), { file: say('field_required') });
  }
  const directory = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'import-'));
  const filePath = path.join(directory, 'upload');
  const remove = () => fs.promises.rm(directory, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  let fileName: string | null = null;
  let written: Promise<void> | null = null;
  let truncated = false;

  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('field', (name, value) => {
        if (FIELD_NAMES.includes(name)) fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file' || written) {
          stream.resume();
          return;
        }
        fileName = baseName(info.filename);
        const count = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            bytes += chunk.length;
            callback(null, chunk);
          },
        });
        stream.on('limit', () => {
          truncated = true;
        });
        written = pipeline(stream, count, fs.createWriteStream(filePath));
        written.catch(() => undefined);
      });
      parser.on('error', () => reject(new ValidationError(say('file_cut_off'))));
      parser.on('close', resolve);
      req.on('aborted', () => reject(new ValidationError(say('upload_cut_off'))));
      req.pipe(parser);
    });
    if (!written) throw new ValidationError(say('import_file_required'), { file: say('field_required') });
    await written;
    if (truncated) throw fileTooLarge();
    if (bytes === 0) throw new ValidationError(say('file_empty'), { file: say('field_file_empty') });
  } catch (error) {
    drain(req);
    await remove();
    throw error;
  }
  return { path: filePath, fileName, bytes, sha256: hash.digest('hex'), fields, remove };
}
