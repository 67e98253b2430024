import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PROGRAMS, REFERRAL_SOURCE_TYPES } from '../../contract/enums';
import { boolean, date, id, objectSchema, oneOf, optionalText, type RowOf } from './schema';
import { Organization } from './Organization';
import { ReferralChild } from './ReferralChild';

const schema = objectSchema(
  {
    organization_id: id,
    program: oneOf(PROGRAMS),
    referral_date: date,
    source_type: oneOf(REFERRAL_SOURCE_TYPES),
    source_detail: optionalText(500),
    is_warm: boolean,
    referrer_name: optionalText(200),
    notes: optionalText(),
    /** whether any placement names this referral; kept by a database trigger on placements */
    placed: boolean,
  },
  ['organization_id', 'program', 'referral_date', 'source_type'],
);

/** A referral of one or more children to an organisation. */
export interface Referral extends RowOf<typeof schema> {}
export class Referral extends BaseModel {
  static tableName = 'referrals';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'referrals.organization_id', to: 'organizations.id' },
    },
    referralChildren: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ReferralChild,
      join: { from: 'referrals.id', to: 'referral_children.referral_id' },
    },
  });
}
