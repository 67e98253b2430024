import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { SUPPORT_FREQUENCIES, SUPPORT_REQUEST_STATUSES } from '../../contract/enums';
import { PLAN_TEXT_MAX } from '../../contract/rules';
import { code, id, integer, objectSchema, oneOf, optionalCode, optionalDate, optionalId, optionalNumber, optionalText, optionalTimestamp, type RowOf } from './schema';
import { Child } from './Child';
import { Contract } from './Contract';
import { Payment } from './Payment';
import { Placement } from './Placement';
import { SupportRequestType } from './SupportRequestType';
import { User } from './User';

const schema = objectSchema(
  {
    child_id: id,
    placement_id: id,
    contract_id: optionalId,
    type_code: code,
    sub_type_code: optionalCode,
    frequency: oneOf(SUPPORT_FREQUENCIES),
    start_date: optionalDate,
    end_date: optionalDate,
    // > 0 is a workflow rule (server/workflows/supportRequests.ts): 0 or less gets "Enter an amount greater than $0".
    amount: optionalNumber({ maximum: 9999999999.99 }),
    staffing_position: optionalText(200),
    staffing_hours: optionalNumber({ exclusiveMinimum: 0, maximum: 9999.99 }),
    staffing_grid_level: optionalText(50),
    justification: optionalText(PLAN_TEXT_MAX),
    status: oneOf(SUPPORT_REQUEST_STATUSES),
    submitted_at: optionalTimestamp,
    decided_at: optionalTimestamp,
    decided_by: optionalId,
    decision_reason: optionalText(PLAN_TEXT_MAX),
    version: integer,
  },
  ['child_id', 'placement_id', 'type_code'],
);

/** A request for additional support funding for a placed child. */
export interface SupportRequest extends RowOf<typeof schema> {}
export class SupportRequest extends BaseModel {
  static tableName = 'support_requests';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'support_requests.child_id', to: 'children.id' },
    },
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'support_requests.placement_id', to: 'placements.id' },
    },
    contract: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Contract,
      join: { from: 'support_requests.contract_id', to: 'contracts.id' },
    },
    type: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => SupportRequestType,
      join: { from: 'support_requests.type_code', to: 'support_request_types.code' },
    },
    subType: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => SupportRequestType,
      join: { from: 'support_requests.sub_type_code', to: 'support_request_types.code' },
    },
    decidedBy: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'support_requests.decided_by', to: 'users.id' },
    },
    payments: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Payment,
      join: { from: 'support_requests.id', to: 'payments.support_request_id' },
    },
  });
}
