import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { CASE_MANAGERS, type CurrentUser } from '../access/roles';
import { currentUser } from '../auth/middleware';
import { writeAudit } from '../audit';
import { rowTimestamps } from '../db/clock';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { waitForDrain } from '../exports/backpressure';
import { contentDisposition } from '../exports/send';
import type { DescribedRouter, Expansion, RouteDescription } from '../openapi/operations';
import { mayDo, recordInScope } from '../resources/engine';
import type { File } from '../models/File';
import type { AnyRow, AttachmentsDeclaration, ResourceDeclaration, Row } from '../resources/types';
import { downloadAttachmentOperations, listAttachmentOperations, removeAttachmentOperations, uploadAttachmentOperations } from './openapi';
import type { FileStore } from './store';
import { receiveFile } from './upload';
import { say } from '../messages';

/**
 * Attachments of every resource that declares `attachments`, served by the resource router:
 *
 *   GET    /api/<resource>/:id/attachments           { files, can_upload, read_only }
 *   POST   /api/<resource>/:id/attachments           multipart/form-data, field `file` → 201 the file
 *   GET    /api/<resource>/:id/attachments/:fileId   the content (attachment download)
 *   DELETE /api/<resource>/:id/attachments/:fileId   the removed file
 *
 * A file has the record's scope: the record is found through the caller's scope first, so a
 * record out of scope has no files (404). Reading needs the resource's read access, attaching
 * its update access, removing the same and being the uploader or a manager. A record that takes
 * no more changes (its declaration's `refuseWhenReadOnly`) takes no files and loses none.
 * Uploads and downloads are audited (resource `files`), uploads in their own transaction.
 * Each route is described once per resource with attachments (server/files/openapi.ts).
 */
export interface AttachmentDeps {
  knex: Knex;
  clock: () => Date;
  store: FileStore;
}

type FileRow = Row<File>;
type AttachedTo = keyof Pick<FileRow, 'support_request_id' | 'service_plan_id' | 'progress_review_id' | 'event_id' | 'monthly_check_in_id' | 'daily_log_id'>;

function attachmentsOf(declaration: ResourceDeclaration): AttachmentsDeclaration {
  if (!declaration.attachments) throw new NotFoundError(say('no_attachments', { resource: declaration.name }));
  return declaration.attachments;
}

function requireRole(declaration: ResourceDeclaration, user: CurrentUser, action: 'read' | 'update', verb: string): void {
  if (!mayDo(declaration, user, action)) throw new ForbiddenError(say('role_may_not_attach', { role: user.role, action: verb, records: declaration.name }));
}

function fileId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ValidationError(say('not_a_file_id', { id: raw }), { id: say('field_whole_number') });
  return Number(raw);
}

/** Why the record takes no more files, or null when it does. */
async function readOnlyReason(db: Knex | Knex.Transaction, attachments: AttachmentsDeclaration, record: AnyRow): Promise<string | null> {
  try {
    await attachments.refuseWhenReadOnly?.(db, record as never);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.status === 409) return error.message;
    throw error;
  }
}

/** Besides its uploader, a manager (CASE_MANAGERS) may remove a file. */
function mayRemove(declaration: ResourceDeclaration, user: CurrentUser, file: FileRow): boolean {
  return mayDo(declaration, user, 'update') && (file.uploaded_by === user.id || CASE_MANAGERS.includes(user.role));
}

function presentFile(file: FileRow, uploaderName: string | null, canDelete: boolean) {
  return {
    id: file.id,
    file_name: file.file_name,
    content_type: file.content_type,
    size_bytes: file.size_bytes,
    sha256: file.sha256,
    uploaded_by: file.uploaded_by,
    uploaded_by_name: uploaderName,
    created_at: file.created_at,
    can_delete: canDelete,
  };
}

function auditedFile(file: FileRow, attachments: AttachmentsDeclaration) {
  return { [attachments.column]: file[attachments.column as AttachedTo], file_name: file.file_name, content_type: file.content_type, size_bytes: file.size_bytes, sha256: file.sha256 };
}

async function findFile(db: Knex | Knex.Transaction, declaration: ResourceDeclaration, attachments: AttachmentsDeclaration, record: AnyRow, rawFileId: string, lock = false): Promise<FileRow> {
  const query = db('files').where({ id: fileId(rawFileId), [attachments.column]: record.id });
  if (lock) query.forUpdate();
  const file = await query.first();
  if (!file) throw new NotFoundError(say('no_such_attachment', { file_id: rawFileId, resource: declaration.name, id: String(record.id) }));
  return file;
}

export function registerAttachmentRoutes(
  routes: DescribedRouter,
  deps: AttachmentDeps,
  resourceOf: (req: Request) => ResourceDeclaration,
  each: (operations: (declaration: ResourceDeclaration) => Expansion[]) => RouteDescription,
): void {
  const { knex, store } = deps;
  /** The resource of the request, its attachments, and the caller, once the role may `verb` them (403 otherwise). */
  const target = (req: Request, access: 'read' | 'update', verb: string) => {
    const declaration = resourceOf(req);
    const attachments = attachmentsOf(declaration);
    const user = currentUser(req);
    requireRole(declaration, user, access, verb);
    return { declaration, attachments, user };
  };
  /**
   * What refuses an upload without reading its body — the role, the record's scope, a
   * read-only record. The body is then read and dropped, so the client gets the answer rather
   * than a connection cut mid-upload.
   */
  const uploadTarget = async (req: Request, id: string) => {
    try {
      const found = target(req, 'update', 'add');
      await found.attachments.refuseWhenReadOnly?.(knex, (await recordInScope(knex, found.declaration, found.user, id)) as never);
      return found;
    } catch (error) {
      req.resume();
      throw error;
    }
  };

  routes.get('/:resource/:id/attachments', each(listAttachmentOperations), async (req, res) => {
    const { declaration, attachments, user } = target(req, 'read', 'read');
    const record = await recordInScope(knex, declaration, user, String(req.params.id));
    const files: (FileRow & { uploader_name: string | null })[] = await knex('files as f')
      .leftJoin('users as u', 'u.id', 'f.uploaded_by')
      .where(`f.${attachments.column}`, record.id)
      .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: 'f.id', order: 'desc' }])
      .select('f.*', 'u.full_name as uploader_name');
    const readOnly = await readOnlyReason(knex, attachments, record);
    const writable = readOnly === null && mayDo(declaration, user, 'update');
    res.json({
      files: files.map((f) => presentFile(f, f.uploader_name, writable && mayRemove(declaration, user, f))),
      can_upload: writable,
      read_only: readOnly,
    });
  });

  routes.post('/:resource/:id/attachments', each(uploadAttachmentOperations), async (req, res) => {
    const id = String(req.params.id);
    const { declaration, attachments, user } = await uploadTarget(req, id);
    const incoming = await receiveFile(req);
    try {
      const saved = await knex.transaction(async (trx) => {
        const record = await recordInScope(trx, declaration, user, id, 'share');
        await attachments.refuseWhenReadOnly?.(trx, record as never);
        const [created] = await trx('files')
          .insert({
            [attachments.column]: record.id,
            file_name: incoming.fileName,
            content_type: incoming.contentType,
            // The real size and hash are known once the content is stored, below.
            size_bytes: 1,
            sha256: '',
            store: store.name,
            uploaded_by: user.id,
            ...rowTimestamps(trx),
          })
          .returning('id');
        const where = await store.write(trx, created.id, incoming.chunks);
        await incoming.finished;
        const { size, sha256 } = incoming.summary();
        const [file] = await trx('files')
          .where({ id: created.id })
          .update({ size_bytes: size, sha256, store: where.store, store_key: where.key })
          .returning('*');
        await writeAudit(trx, { user_id: user.id, action: 'upload', resource: 'files', record_id: file.id, after: auditedFile(file, attachments), ip: req.ip ?? null });
        return file as FileRow;
      });
      res.status(201).json(presentFile(saved, user.full_name, true));
    } catch (error) {
      incoming.discard();
      throw error;
    }
  });

  routes.get('/:resource/:id/attachments/:fileId', each(downloadAttachmentOperations), async (req, res) => {
    const { declaration, attachments, user } = target(req, 'read', 'read');
    const record = await recordInScope(knex, declaration, user, String(req.params.id));
    const file = await findFile(knex, declaration, attachments, record, String(req.params.fileId));
    await writeAudit(knex, { user_id: user.id, action: 'download', resource: 'files', record_id: file.id, after: auditedFile(file, attachments), ip: req.ip ?? null });
    await sendContent(res, store.read(knex, file), file);
  });

  routes.delete('/:resource/:id/attachments/:fileId', each(removeAttachmentOperations), async (req, res) => {
    const { declaration, attachments, user } = target(req, 'update', 'remove');
    const removed = await knex.transaction(async (trx) => {
      const record = await recordInScope(trx, declaration, user, String(req.params.id), 'share');
      const file = await findFile(trx, declaration, attachments, record, String(req.params.fileId), true);
      if (!mayRemove(declaration, user, file)) throw new ForbiddenError(say('file_remove_refused'));
      await attachments.refuseWhenReadOnly?.(trx, record as never);
      await store.remove(trx, file);
      await trx('files').where({ id: file.id }).delete();
      await writeAudit(trx, { user_id: user.id, action: 'delete', resource: 'files', record_id: file.id, before: auditedFile(file, attachments), ip: req.ip ?? null });
      return file;
    });
    res.json(presentFile(removed, null, false));
  });
}

/**
 * Streams a file's content as a download. The first chunk is read before any header is sent,
 * so a store that fails at once still answers a normal error; a content cut short afterwards
 * (the file removed meanwhile) ends the connection rather than passing for the whole file.
 */
async function sendContent(res: Response, content: AsyncIterable<Buffer>, file: FileRow): Promise<void> {
  const chunks = content[Symbol.asyncIterator]();
  let next = await chunks.next();
  res.status(200).set({
    'Content-Type': file.content_type === 'text/plain' ? 'text/plain; charset=utf-8' : file.content_type,
    'Content-Length': String(file.size_bytes),
    'Content-Disposition': contentDisposition(file.file_name),
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  let sent = 0;
  while (!next.done && !res.destroyed) {
    sent += next.value.length;
    if (!res.write(next.value)) await waitForDrain(res);
    next = await chunks.next();
  }
  if (sent !== file.size_bytes) {
    await chunks.return?.();
    res.destroy();
    return;
  }
  res.end();
}
