import { BaseModel } from './BaseModel';
import { JOB_RUN_STATUSES } from '../../contract/enums';
import { objectSchema, oneOf, optionalDate, optionalJsonObject, optionalText, optionalTimestamp, text, timestamp, type RowOf } from './schema';

const schema = objectSchema(
  {
    job: text(100),
    as_of: optionalDate,
    started_at: timestamp,
    finished_at: optionalTimestamp,
    status: oneOf(JOB_RUN_STATUSES),
    summary: optionalJsonObject,
    error: optionalText(),
  },
  ['job'],
);

/** One run of a scheduled job (read-only). */
export interface JobRun extends RowOf<typeof schema> {}
export class JobRun extends BaseModel {
  static tableName = 'job_runs';
  static jsonSchema = schema;
}
