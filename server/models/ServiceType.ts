import { BaseModel } from './BaseModel';
import { PROGRAMS } from '../../contract/enums';
import { boolean, code, objectSchema, oneOf, text } from './schema';

/** Lookup: the kinds of service a place of service delivers. */
export class ServiceType extends BaseModel {
  static tableName = 'service_types';
  static idColumn = 'code';

  code!: string;
  label!: string;
  program!: (typeof PROGRAMS)[number];
  active!: boolean;

  static jsonSchema = objectSchema(
    {
      code,
      label: text(200),
      program: oneOf(PROGRAMS),
      active: boolean,
    },
    ['code', 'label', 'program'],
  );
}
