import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ELIGIBILITIES, PRIORITIES } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalDate, optionalText, type RowOf } from './schema';
import { Child } from './Child';
import { Referral } from './Referral';

const schema = objectSchema(
  {
    referral_id: id,
    child_id: id,
    eligibility: oneOf(ELIGIBILITIES),
    eligibility_decided_on: optionalDate,
    closed_on: optionalDate,
    closed_reason: optionalText(200),
    /** the first initiation of a CSP plan for this child and referral; kept by database triggers */
    csp_initiated_on: optionalDate,
    /** the child's place on the waiting list for CSP initiation; set by the set_priority action */
    priority: oneOf(PRIORITIES),
    priority_reason: optionalText(1000),
  },
  ['referral_id', 'child_id'],
);

/** A child covered by a referral, with the child's eligibility. */
export interface ReferralChild extends RowOf<typeof schema> {}
export class ReferralChild extends BaseModel {
  static tableName = 'referral_children';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    referral: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Referral,
      join: { from: 'referral_children.referral_id', to: 'referrals.id' },
    },
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'referral_children.child_id', to: 'children.id' },
    },
  });
}
