import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/** Days a referral child may wait for its eligibility decision. */
export const UNDECIDED_DAYS = 30;

/**
 * A referral child still `pending` (and not closed) more than 30 days after its referral date.
 * Counted under the referral's organisation, at the place of the referral's latest placement
 * when it has one (a placed SHSS referral), else at no place.
 */
export const referralsUndecided: DataQualityCheckDefinition = {
  key: 'referrals_undecided',
  resource: 'referral_children',
  description: `Referral children whose eligibility is still pending more than ${UNDECIDED_DAYS} days after the referral date`,
  records: ({ today, inScope }) => sql`
    ${recordSelect({ record_id: sql`referral_children.id`, organization_id: sql`r.organization_id`, place_of_service_id: sql`placed.place_of_service_id` })}
    from referral_children
    join referrals r on r.id = referral_children.referral_id
    left join lateral (select p.place_of_service_id from placements p where p.referral_id = r.id
                       order by p.start_date desc, p.id desc limit 1) placed on r.placed
    where referral_children.eligibility = 'pending' and referral_children.closed_on is null
      and r.referral_date < ${today}::date - ${UNDECIDED_DAYS}::int
      and ${inScope('referral_children.id')}`,
};
