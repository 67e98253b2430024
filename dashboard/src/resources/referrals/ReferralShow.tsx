import { Show } from 'react-admin';
import { ShowActions } from '../../generic/GenericShow';
import { RelationTabs, type Relation } from '../../generic/RelationTabs';

const relations: Relation[] = [
  // in the order they were referred, as the referral's child_name names them
  { resource: 'referral_children', target: 'referral_id', path: 'children', label: 'app.relations.referral_children', sort: { field: 'id', order: 'ASC' } },
  { resource: 'placements', target: 'referral_id', path: 'placements' },
  { resource: 'service_plans', target: 'referral_id', path: 'plans' },
];

/** A referral with the children it refers (their eligibility and priority), and the placements and plans it led to. */
export const ReferralShow = () => (
  <Show actions={<ShowActions />}>
    <RelationTabs resource="referrals" relations={relations} />
  </Show>
);
