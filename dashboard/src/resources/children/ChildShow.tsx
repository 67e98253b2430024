import { Show } from 'react-admin';
import { ShowActions } from '../../generic/GenericShow';
import { RelationTabs, type Relation } from '../../generic/RelationTabs';

const relations: Relation[] = [
  { resource: 'referral_children', target: 'child_id', path: 'referrals', label: 'resources.referrals.name' },
  { resource: 'placements', target: 'child_id', path: 'placements' },
  { resource: 'service_plans', target: 'child_id', path: 'plans' },
  {
    resource: 'monthly_check_ins',
    target: 'child_id',
    via: { resource: 'service_plans', key: 'service_plan_id' },
    path: 'check-ins',
  },
  { resource: 'daily_logs', target: 'child_id', via: { resource: 'placements', key: 'placement_id' }, path: 'daily-logs' },
  { resource: 'support_requests', target: 'child_id', path: 'support-requests' },
];

/** A child's file: details, then its referrals, placements, plans, check-ins, logs and requests. */
export const ChildShow = () => (
  <Show actions={<ShowActions />}>
    <RelationTabs resource="children" relations={relations} />
  </Show>
);
