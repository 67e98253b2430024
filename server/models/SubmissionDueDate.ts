import { BaseModel } from './BaseModel';
import { column, date, objectSchema, optionalId, type RowOf } from './schema';

const schema = objectSchema(
  {
    fiscal_year: column<number>({ type: 'integer', minimum: 1900, maximum: 2999 }),
    organization_id: optionalId,
    interim_due_on: date,
    final_due_on: date,
  },
  ['fiscal_year', 'interim_due_on', 'final_due_on'],
);

/** When a fiscal year's interim and final submissions are due: for every organisation (no organisation), or one by its agreement. */
export interface SubmissionDueDate extends RowOf<typeof schema> {}
export class SubmissionDueDate extends BaseModel {
  static tableName = 'submission_due_dates';
  static jsonSchema = schema;
}
