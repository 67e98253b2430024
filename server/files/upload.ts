import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { ATTACHMENT_MAX_BYTES } from '../../contract/rules';
import { PayloadTooLargeError, RuleError, ValidationError } from '../errors';
import { CHUNK_BYTES } from './store';
import { SNIFF_SAMPLE_BYTES, sniffContentType } from './sniff';
import { say } from '../messages';

/**
 * An upload as a stream: the multipart body is parsed by busboy as it arrives, the first bytes
 * are sniffed before anything is stored, and the rest is handed on in chunks of CHUNK_BYTES
 * with its size and SHA-256 counted on the way. Nothing holds more than a sample and a chunk.
 */
function fileTooLarge(): PayloadTooLargeError {
  const mb = ATTACHMENT_MAX_BYTES / (1024 * 1024);
  return new PayloadTooLargeError(say('file_too_large', { limit: mb }), { file: say('field_file_too_large', { limit: mb }) });
}

/** Multipart framing (boundaries, part headers) a 25 MB file may come with. */
const ENVELOPE_BYTES = 64 * 1024;

export interface IncomingFile {
  /** the name the client gave, reduced to a safe base name */
  fileName: string;
  contentType: string;
  /** the content in chunks; `summary()` is known once they have all been read */
  chunks: AsyncIterable<Buffer>;
  summary(): { size: number; sha256: string };
  /** settles once the whole request has been read (rejects on a malformed or cut-off body) */
  finished: Promise<void>;
  /** reads the rest of the request and drops it, so a refusal can be answered */
  discard(): void;
}

/** A base name without directories or control characters, at most 255 characters, never empty. */
export function safeFileName(name: string | undefined): string {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255);
  return cleaned || 'attachment';
}

/** The first file part of the request (field `file`), or a 400 when there is none. */
function firstFilePart(req: Request): Promise<{ name: string | undefined; stream: Readable; finished: Promise<void> }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > ATTACHMENT_MAX_BYTES + ENVELOPE_BYTES) {
    req.resume();
    return Promise.reject(fileTooLarge());
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // busboy marks a file truncated when it reaches its limit: one byte more tells "too large" from "exactly the limit".
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: ATTACHMENT_MAX_BYTES + 1, fields: 10, parts: 20 } });
    } catch {
      reject(new ValidationError(say('file_multipart'), { file: say('field_required') }));
      return;
    }
    let found = false;
    const finished = new Promise<void>((done, fail) => {
      parser.on('close', done);
      parser.on('error', () => fail(new ValidationError(say('file_cut_off'))));
    });
    finished.catch(() => undefined);
    parser.on('file', (field, stream, info) => {
      if (found || field !== 'file') {
        stream.resume();
        return;
      }
      found = true;
      resolve({ name: info.filename, stream, finished });
    });
    finished.then(
      () => {
        if (!found) reject(new ValidationError(say('file_required'), { file: say('field_required') }));
      },
      (error) => {
        if (!found) reject(error);
      },
    );
    req.pipe(parser);
  });
}

/**
 * Reads the request's file far enough to know what it is. Refuses an empty file (422) and a
 * kind the portal does not accept (415) before anything is written; a file past the limit is
 * refused (413) when its chunks run over it.
 */
export async function receiveFile(req: Request): Promise<IncomingFile> {
  const part = await firstFilePart(req);
  const source = part.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const sample: Buffer[] = [];
  let sampled = 0;
  let ended = false;
  while (sampled < SNIFF_SAMPLE_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    sample.push(next.value);
    sampled += next.value.length;
  }
  const head = Buffer.concat(sample);
  if (head.length === 0 && !(part.stream as Readable & { truncated?: boolean }).truncated) {
    part.stream.resume();
    throw new RuleError(say('file_empty'), { file: say('field_file_empty') });
  }
  let contentType: string;
  try {
    contentType = await sniffContentType(head.subarray(0, SNIFF_SAMPLE_BYTES));
  } catch (error) {
    part.stream.resume();
    throw error;
  }

  const hash = crypto.createHash('sha256');
  let size = 0;
  let consumed = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    let pending: Buffer[] = [head];
    let pendingBytes = head.length;
    const take = (bytes: number) => {
      const joined = Buffer.concat(pending);
      pending = [joined.subarray(bytes)];
      pendingBytes = joined.length - bytes;
      return joined.subarray(0, bytes);
    };
    const emit = (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      return chunk;
    };
    while (!ended) {
      const next = await source.next();
      if (next.done) break;
      pending.push(next.value);
      pendingBytes += next.value.length;
      while (pendingBytes >= CHUNK_BYTES) yield emit(take(CHUNK_BYTES));
    }
    if ((part.stream as Readable & { truncated?: boolean }).truncated) throw fileTooLarge();
    if (pendingBytes > 0) yield emit(take(pendingBytes));
    consumed = true;
  }
  return {
    fileName: safeFileName(part.name),
    contentType,
    chunks: chunks(),
    summary() {
      if (!consumed) throw new Error('The file has not been read to its end yet');
      return { size, sha256: hash.digest('hex') };
    },
    finished: part.finished,
    discard: () => part.stream.resume(),
  };
}
