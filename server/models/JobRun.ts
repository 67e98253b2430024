import { BaseModel } from './BaseModel';
import { JOB_RUN_STATUSES } from '../../contract/enums';
import { objectSchema, oneOf, optionalDate, optionalJsonObject, optionalText, optionalTimestamp, text, timestamp } from './schema';

/** One run of a scheduled job (read-only). */
export class JobRun extends BaseModel {
  static tableName = 'job_runs';

  job!: string;
  as_of!: string | null;
  started_at!: string;
  finished_at!: string | null;
  status!: (typeof JOB_RUN_STATUSES)[number];
  summary!: Record<string, unknown> | null;
  error!: string | null;

  static jsonSchema = objectSchema(
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
}
