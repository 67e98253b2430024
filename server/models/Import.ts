import { IMPORT_FORMATS, IMPORT_STATUSES, type ImportMapping, type ImportRowError } from '../../contract/imports';
import { BaseModel } from './BaseModel';
import {
  boolean,
  column,
  id,
  integer,
  objectSchema,
  oneOf,
  optionalId,
  optionalText,
  optionalTimestamp,
  text,
  timestamp,
  type RowOf,
} from './schema';

const schema = objectSchema(
  {
    user_id: id,
    organization_id: optionalId,
    resource: text(100),
    import_key: text(200),
    file_name: optionalText(255),
    format: oneOf(IMPORT_FORMATS),
    bytes: integer,
    dry_run: boolean,
    status: oneOf(IMPORT_STATUSES),
    mapping: column<ImportMapping | null>({ type: ['object', 'null'] }),
    row_count: integer,
    bytes_read: integer,
    created_count: integer,
    error_count: integer,
    errors: column<ImportRowError[] | null>({ type: ['array', 'null'] }),
    same_as_import_id: optionalId,
    failure: optionalText(),
    started_at: timestamp,
    finished_at: optionalTimestamp,
    cancel_requested_at: optionalTimestamp,
  },
  ['user_id', 'resource', 'import_key', 'format', 'bytes', 'status', 'started_at'],
);

/** One bulk import of a file into a resource, whatever it came to (read-only; the import writes it). */
export interface Import extends RowOf<typeof schema> {}
export class Import extends BaseModel {
  static tableName = 'imports';
  static jsonSchema = schema;
}
