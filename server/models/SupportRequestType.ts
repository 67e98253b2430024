import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { boolean, code, objectSchema, optionalCode, optionalText, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    code,
    label: text(200),
    label_fr: optionalText(200),
    parent_code: optionalCode,
    requires_staffing_details: boolean,
    legacy_only: boolean,
    active: boolean,
  },
  ['code', 'label'],
);

/** Lookup: types of additional support (a sub-type names its parent type). */
export interface SupportRequestType extends RowOf<typeof schema> {}
export class SupportRequestType extends BaseModel {
  static tableName = 'support_request_types';
  static idColumn = 'code';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    parent: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => SupportRequestType,
      join: { from: 'support_request_types.parent_code', to: 'support_request_types.code' },
    },
    subTypes: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => SupportRequestType,
      join: { from: 'support_request_types.code', to: 'support_request_types.parent_code' },
    },
  });
}
