import { BaseModel } from './BaseModel';
import { PROGRAMS } from '../../contract/enums';
import { boolean, code, objectSchema, oneOf, optionalText, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    code,
    label: text(200),
    label_fr: optionalText(200),
    program: oneOf(PROGRAMS),
    active: boolean,
  },
  ['code', 'label', 'program'],
);

/** Lookup: the kinds of service a place of service delivers. */
export interface ServiceType extends RowOf<typeof schema> {}
export class ServiceType extends BaseModel {
  static tableName = 'service_types';
  static idColumn = 'code';
  static jsonSchema = schema;
}
