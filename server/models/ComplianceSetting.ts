import { BaseModel } from './BaseModel';
import { code, column, objectSchema, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    code,
    label: text(200),
    days: column<number>({ type: 'integer', minimum: 1, maximum: 3650 }),
  },
  ['code', 'label', 'days'],
);

/** Lookup: a number of days a compliance rule counts (server/compliance/rules/ read them in SQL). */
export interface ComplianceSetting extends RowOf<typeof schema> {}
export class ComplianceSetting extends BaseModel {
  static tableName = 'compliance_settings';
  static idColumn = 'code';
  static jsonSchema = schema;
}
