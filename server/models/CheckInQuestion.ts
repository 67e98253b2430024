import { BaseModel } from './BaseModel';
import { boolean, code, integer, objectSchema, optionalText, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    code,
    label: text(1000),
    label_fr: optionalText(1000),
    position: integer,
    active: boolean,
  },
  ['code', 'label'],
);

/** Lookup: the programme's standard monthly check-in questions, which a new check-in starts with. */
export interface CheckInQuestion extends RowOf<typeof schema> {}
export class CheckInQuestion extends BaseModel {
  static tableName = 'check_in_questions';
  static idColumn = 'code';
  static jsonSchema = schema;
}
