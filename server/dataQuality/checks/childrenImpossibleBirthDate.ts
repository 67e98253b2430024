import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/** An age at a first referral or placement that no children's programme serves (CSP counts to 21). */
export const MAX_AGE_AT_INTAKE = 25;

/**
 * A child (not archived) whose birth date cannot be right: after today, after one of the child's
 * referral dates or placement starts, or 25 years or more before one of them. The last two do not
 * depend on today: the database keeps the children they flag in `rollup_impossible_birth_dates`
 * (migration 20261207100000, its own rule with this age), so the check never joins every intake
 * date with every child. `birth_date` is required, so no child lacks one. Counted once: at the
 * place of its latest placement, else under the organisation of its latest referral, else under
 * the organisation that registered it.
 */
export const childrenImpossibleBirthDate: DataQualityCheckDefinition = {
  key: 'children_impossible_birth_date',
  resource: 'children',
  description: `Children whose birth date is in the future, after one of their referrals or placements, or ${MAX_AGE_AT_INTAKE} years or more before one of them`,
  records: ({ today, inScope }) => sql`
    with flagged_ids as (
      select children.id from children
       where children.archived_at is null and children.birth_date > ${today}::date and ${inScope('children.id')}
      union
      select children.id from rollup_impossible_birth_dates x join children on children.id = x.child_id
       where children.archived_at is null and ${inScope('children.id')}
    ),
    flagged as (
      select children.id, children.registered_by_organization_id from children join flagged_ids on flagged_ids.id = children.id
    )
    ${recordSelect({
      record_id: sql`flagged.id`,
      organization_id: sql`coalesce(placed.organization_id, referred.organization_id, flagged.registered_by_organization_id)`,
      place_of_service_id: sql`placed.place_of_service_id`,
    })}
    from flagged
    left join lateral (select pos.organization_id, p.place_of_service_id
                         from placements p join places_of_service pos on pos.id = p.place_of_service_id
                        where p.child_id = flagged.id order by p.start_date desc, p.id desc limit 1) placed on true
    left join lateral (select r.organization_id
                         from referral_children rc join referrals r on r.id = rc.referral_id
                        where rc.child_id = flagged.id order by r.referral_date desc, r.id desc limit 1) referred on true`,
};
