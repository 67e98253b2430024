import { Show, TabbedShowLayout, useTranslate } from 'react-admin';
import { Attachments } from '../../generic/Attachments';
import { ShowActions } from '../../generic/GenericShow';
import { RelationTabs, type Relation } from '../../generic/RelationTabs';

const relations: Relation[] = [
  { resource: 'care_circle_members', target: 'service_plan_id', path: 'care-circle' },
  { resource: 'plan_services', target: 'service_plan_id', path: 'services' },
  { resource: 'progress_reviews', target: 'service_plan_id', path: 'reviews' },
  { resource: 'events', target: 'service_plan_id', path: 'events' },
  { resource: 'tasks', target: 'service_plan_id', path: 'tasks' },
  { resource: 'service_activities', target: 'service_plan_id', path: 'service-time', label: 'app.relations.service_time', programs: ['CSP'] },
];

/** A service plan with its care circle, services, progress reviews, events, tasks, a CSP plan's service time, and files. */
export const PlanShow = () => {
  const translate = useTranslate();
  return (
    <Show actions={<ShowActions />}>
      <RelationTabs
        resource="service_plans"
        relations={relations}
        extraTabs={
          <TabbedShowLayout.Tab label={translate('app.attachments.title')} path="attachments">
            <Attachments />
          </TabbedShowLayout.Tab>
        }
      />
    </Show>
  );
};
