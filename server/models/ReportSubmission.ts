import { SUBMISSION_PERIODS } from '../../contract/submissions';
import { BaseModel } from './BaseModel';
import { date, id, integer, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, text, timestamp, type RowOf } from './schema';

const schema = objectSchema(
  {
    organization_id: id,
    fiscal_year: integer,
    period: oneOf(SUBMISSION_PERIODS),
    revision: integer,
    period_from: date,
    period_to: date,
    as_of: date,
    note: optionalText(2000),
    reason: optionalText(2000),
    submitted_by: id,
    submitted_by_name: text(),
    submitted_at: timestamp,
    row_count: integer,
    digest: text(64),
    withdrawn_at: optionalTimestamp,
    withdrawn_by: optionalId,
    withdrawal_reason: optionalText(2000),
  },
  ['organization_id', 'fiscal_year', 'period', 'revision', 'period_from', 'period_to', 'as_of', 'submitted_by', 'submitted_by_name', 'submitted_at', 'row_count', 'digest'],
);

/**
 * An organisation's CSP measures as submitted for a fiscal year's interim or final period
 * (server/submissions/): written once by the submission, never changed but by a system
 * administrator's withdrawal (the database refuses anything else).
 */
export interface ReportSubmission extends RowOf<typeof schema> {}
export class ReportSubmission extends BaseModel {
  static tableName = 'report_submissions';
  static jsonSchema = schema;
}
