import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PROGRAMS, REFERRAL_SOURCE_TYPES } from '../../contract/enums';
import { boolean, date, id, objectSchema, oneOf, optionalText } from './schema';
import { Organization } from './Organization';
import { ReferralChild } from './ReferralChild';

/** A referral of one or more children to an organisation. */
export class Referral extends BaseModel {
  static tableName = 'referrals';

  organization_id!: number;
  program!: (typeof PROGRAMS)[number];
  referral_date!: string;
  source_type!: (typeof REFERRAL_SOURCE_TYPES)[number];
  source_detail!: string | null;
  is_warm!: boolean;
  referrer_name!: string | null;
  notes!: string | null;
  /** whether any placement names this referral; kept by a database trigger on placements */
  placed!: boolean;

  static jsonSchema = objectSchema(
    {
      organization_id: id,
      program: oneOf(PROGRAMS),
      referral_date: date,
      source_type: oneOf(REFERRAL_SOURCE_TYPES),
      source_detail: optionalText(500),
      is_warm: boolean,
      referrer_name: optionalText(200),
      notes: optionalText(),
      placed: boolean,
    },
    ['organization_id', 'program', 'referral_date', 'source_type'],
  );

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
