import { BaseModel } from './BaseModel';
import { FILE_STORES } from '../../contract/enums';
import { id, integer, objectSchema, oneOf, optionalId, optionalText, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    support_request_id: optionalId,
    service_plan_id: optionalId,
    progress_review_id: optionalId,
    event_id: optionalId,
    monthly_check_in_id: optionalId,
    daily_log_id: optionalId,
    file_name: text(255),
    content_type: text(200),
    size_bytes: integer,
    sha256: text(64),
    store: oneOf(FILE_STORES),
    store_key: optionalText(1000),
    uploaded_by: id,
  },
  ['file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by'],
);

/** An attachment: a file hung on one record of a resource that declares attachments (server/files/). */
export interface File extends RowOf<typeof schema> {}
export class File extends BaseModel {
  static tableName = 'files';
  static jsonSchema = schema;
}
