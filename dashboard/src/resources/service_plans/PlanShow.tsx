import { Show } from 'react-admin';
import { ShowActions } from '../../generic/GenericShow';
import { RelationTabs, type Relation } from '../../generic/RelationTabs';

const relations: Relation[] = [
  { resource: 'care_circle_members', target: 'service_plan_id', path: 'care-circle' },
  { resource: 'plan_services', target: 'service_plan_id', path: 'services' },
  { resource: 'progress_reviews', target: 'service_plan_id', path: 'reviews' },
  { resource: 'events', target: 'service_plan_id', path: 'events' },
];

/** A service plan with its care circle, services, progress reviews and events. */
export const PlanShow = () => (
  <Show actions={<ShowActions />}>
    <RelationTabs resource="service_plans" relations={relations} />
  </Show>
);
