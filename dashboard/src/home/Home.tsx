import { Box, Card, CardContent, CardHeader } from '@mui/material';
import { useTranslate } from 'react-admin';
import { PLAN_STATUSES } from '../../../contract/enums';
import { HOME_OF_ROLE, type Home as HomeName } from '../../../contract/homes';
import { ComplianceList } from '../compliance/ComplianceList';
import { Dashboard } from '../dashboard/Dashboard';
import { WaitingList } from '../dashboard/charts/waitTimes/WaitingList';
import { toIsoDate } from '../meta/format';
import { useMeta } from '../meta/MetaContext';
import { HomeList } from './HomeList';
import { PageHeading } from '../common/PageHeading';

/** The days before and after today a home's due items are looked for. */
const DUE_BEFORE_DAYS = 92;
const DUE_AFTER_DAYS = 31;
const WAITING_SINCE_DAYS = 730;

function dayOffset(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return toIsoDate(date);
}

const OPEN_PLAN_STATUSES = PLAN_STATUSES.filter(status => status !== 'closed');

const HomePage = ({ home, children }: { home: HomeName; children: React.ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={translate(`app.home.${home}.title`)} mb={2} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', xl: '1fr 1fr' }, gap: 2 }}>{children}</Box>
    </Box>
  );
};

/** The front line: its places, the monthly check-ins due or overdue there, the tasks still open. */
const MyPlaces = () => {
  const translate = useTranslate();
  return (
    <HomePage home="my_places">
      <HomeList id="home-places" title="app.home.my_places.places" resource="places_of_service" filter={{}} sort={{ field: 'name', order: 'ASC' }} fields={['name', 'region', 'service_type_code']} />
      <Card component="section" aria-labelledby="home-check-ins">
        <CardHeader title={translate('app.home.my_places.check_ins')} slotProps={{ title: { component: 'h3', variant: 'h6', id: 'home-check-ins' } }} />
        <CardContent sx={{ pt: 0 }}>
          <ComplianceList query={{ from: dayOffset(-DUE_BEFORE_DAYS), to: dayOffset(DUE_AFTER_DAYS), filter: { rule: 'monthly_check_in' } }} />
        </CardContent>
      </Card>
      <HomeList id="home-tasks" title="app.home.my_places.tasks" resource="tasks" filter={{ status: 'open' }} sort={{ field: 'due_on', order: 'ASC' }} fields={['title', 'child_id', 'due_on', 'status']} />
    </HomePage>
  );
};

/** The children referred, eligible and not yet initiated, in the coordinator's priority order. */
const Waiting = () => {
  const translate = useTranslate();
  return (
    <Card component="section" aria-labelledby="home-waiting">
      <CardHeader title={translate('app.home.waiting_list.waiting')} slotProps={{ title: { component: 'h3', variant: 'h6', id: 'home-waiting' } }} />
      <CardContent sx={{ pt: 0 }}>
        <WaitingList variant="page" title="app.home.waiting_list.waiting" query={{ from: dayOffset(-WAITING_SINCE_DAYS), to: dayOffset(0) }} />
      </CardContent>
    </Card>
  );
};

const CoordinatorHome = () => (
  <HomePage home="waiting_list">
    <Waiting />
    <HomeList id="home-plans" title="app.home.waiting_list.plans" resource="service_plans" filter={{ program: 'CSP', status: OPEN_PLAN_STATUSES }} sort={{ field: 'updated_at', order: 'DESC' }} fields={['child_name', 'status', 'initiated_on', 'last_activity_on']} />
  </HomePage>
);

/** Finance: the support requests submitted for a decision, the payments scheduled to record as paid. */
const FinanceHome = () => (
  <HomePage home="finance_work">
    <HomeList id="home-requests" title="app.home.finance_work.requests" resource="support_requests" filter={{ status: 'submitted' }} sort={{ field: 'submitted_at', order: 'ASC' }} fields={['child_id', 'type_code', 'amount', 'start_date', 'status']} />
    <HomeList id="home-payments" title="app.home.finance_work.payments" resource="payments" filter={{ status: 'scheduled' }} sort={{ field: 'scheduled_on', order: 'ASC' }} fields={['icm_order_number', 'kind', 'service_month', 'amount', 'scheduled_on']} />
  </HomePage>
);

const HOME_PAGES: Record<HomeName, () => React.JSX.Element> = {
  my_places: MyPlaces,
  waiting_list: CoordinatorHome,
  finance_work: FinanceHome,
  dashboard: Dashboard,
};

/** "/": the signed-in role's own start (contract/homes.ts). */
export const Home = () => {
  const meta = useMeta();
  if (!meta) return null;
  const Page = HOME_PAGES[HOME_OF_ROLE[meta.user.role]];
  return <Page />;
};
