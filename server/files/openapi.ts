import { ATTACHMENT_MAX_BYTES } from '../../contract/rules';
import type { Expansion, OperationSpec } from '../openapi/operations';
import { arrayOf, BOOLEAN, DATE_TIME, ID, INTEGER, json, nullable, object, PATH_ID, STRING } from '../openapi/schemas';
import type { ResourceDeclaration } from '../resources/types';

/**
 * The attachment routes (server/files/attachments.ts) in the OpenAPI document: one operation
 * per resource that declares `attachments`.
 */
const FILE = object({
  id: ID,
  file_name: STRING,
  content_type: STRING,
  size_bytes: INTEGER,
  sha256: STRING,
  uploaded_by: ID,
  uploaded_by_name: nullable(STRING),
  created_at: DATE_TIME,
  can_delete: BOOLEAN,
});

const FILE_PATH = { id: PATH_ID, fileId: PATH_ID };
const UPLOAD = { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } } };

function forAttachments(declaration: ResourceDeclaration, spec: OperationSpec): Expansion[] {
  return declaration.attachments ? [{ params: { resource: declaration.name }, spec: { tag: declaration.name, ...spec } }] : [];
}

export const listAttachmentOperations = (declaration: ResourceDeclaration) =>
  forAttachments(declaration, {
    summary: `The files of a ${declaration.name} record, newest first`,
    pathParameters: { id: PATH_ID },
    responses: {
      200: json('The files, whether the caller may attach more, and why the record takes none (null when it does)', object({ files: arrayOf(FILE), can_upload: BOOLEAN, read_only: nullable(STRING) })),
    },
  });

export const uploadAttachmentOperations = (declaration: ResourceDeclaration) =>
  forAttachments(declaration, {
    summary: `Attach a file to a ${declaration.name} record (at most ${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB; its type is read from its content)`,
    pathParameters: { id: PATH_ID },
    content: { 'multipart/form-data': { schema: UPLOAD } },
    responses: { 201: json('The stored file', FILE) },
    errors: [409, 422],
  });

export const downloadAttachmentOperations = (declaration: ResourceDeclaration) =>
  forAttachments(declaration, {
    summary: `Download a file of a ${declaration.name} record`,
    pathParameters: FILE_PATH,
    responses: { 200: { description: 'The content, as an attachment, of the type it was stored with', content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } } },
  });

export const removeAttachmentOperations = (declaration: ResourceDeclaration) =>
  forAttachments(declaration, {
    summary: `Remove a file of a ${declaration.name} record (its uploader or a manager)`,
    pathParameters: FILE_PATH,
    responses: { 200: json('The removed file', { ...FILE, properties: { ...(FILE.properties as object), uploaded_by_name: { type: 'null' }, can_delete: { const: false } } }) },
    errors: [409],
  });
