import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import BusinessIcon from '@mui/icons-material/Business';
import CategoryIcon from '@mui/icons-material/Category';
import DescriptionIcon from '@mui/icons-material/Description';
import EventIcon from '@mui/icons-material/Event';
import GroupsIcon from '@mui/icons-material/Groups';
import HandshakeIcon from '@mui/icons-material/Handshake';
import HomeIcon from '@mui/icons-material/Home';
import HotelIcon from '@mui/icons-material/Hotel';
import MedicalServicesIcon from '@mui/icons-material/MedicalServices';
import NotificationsIcon from '@mui/icons-material/Notifications';
import OutboxIcon from '@mui/icons-material/Outbox';
import PaymentsIcon from '@mui/icons-material/Payments';
import PersonIcon from '@mui/icons-material/Person';
import RateReviewIcon from '@mui/icons-material/RateReview';
import ReceiptIcon from '@mui/icons-material/Receipt';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import ScheduleIcon from '@mui/icons-material/Schedule';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import ViewListIcon from '@mui/icons-material/ViewList';
import WorkIcon from '@mui/icons-material/Work';
import HistoryIcon from '@mui/icons-material/History';
import { GenericCreate, GenericEdit } from '../generic/GenericForm';
import { GenericList } from '../generic/GenericList';
import { GenericShow } from '../generic/GenericShow';
import { dashboards } from '../dashboards';
import { questions } from '../questions';
import { audit_events } from './audit_events';
import { children } from './children';
import { daily_logs } from './daily_logs';
import { job_runs } from './job_runs';
import { monthly_check_ins } from './monthly_check_ins';
import { notifications } from './notifications';
import { payments } from './payments';
import { referrals } from './referrals';
import { report_subscriptions } from './report_subscriptions';
import { service_plans } from './service_plans';
import { support_requests } from './support_requests';
import type { ResourceViews } from './types';

/** Resources with hand-made views; every other resource of /api/meta gets the generic ones. */
const handMade: Record<string, ResourceViews> = {
  children,
  service_plans,
  monthly_check_ins,
  daily_logs,
  job_runs,
  payments,
  support_requests,
  referrals,
  questions,
  dashboards,
  report_subscriptions,
  audit_events,
  notifications,
};

/** Menu icons for known resources; a resource the server adds later gets the default. */
const icons: Record<string, ResourceViews['icon']> = {
  organizations: BusinessIcon,
  places_of_service: HomeIcon,
  service_types: CategoryIcon,
  users: PersonIcon,
  place_assignments: WorkIcon,
  contracts: DescriptionIcon,
  referrals: HandshakeIcon,
  referral_children: HandshakeIcon,
  placements: HomeIcon,
  respite_stays: HotelIcon,
  care_circle_members: GroupsIcon,
  plan_services: MedicalServicesIcon,
  progress_reviews: RateReviewIcon,
  events: EventIcon,
  tasks: TaskAltIcon,
  service_activities: ScheduleIcon,
  staff_allocations: WorkIcon,
  expenditures: ReceiptIcon,
  support_request_types: CategoryIcon,
  support_requests: RequestQuoteIcon,
  payments: PaymentsIcon,
  payment_summaries: AccountBalanceIcon,
  notifications: NotificationsIcon,
  audit_events: HistoryIcon,
  outbox_messages: OutboxIcon,
};

export interface ResolvedViews {
  list: NonNullable<ResourceViews['list']>;
  show: NonNullable<ResourceViews['show']>;
  edit: NonNullable<ResourceViews['edit']>;
  create: NonNullable<ResourceViews['create']>;
  icon: NonNullable<ResourceViews['icon']>;
}

export function viewsFor(name: string): ResolvedViews {
  const custom = handMade[name] ?? {};
  return {
    list: custom.list ?? GenericList,
    show: custom.show ?? GenericShow,
    edit: custom.edit ?? GenericEdit,
    create: custom.create ?? GenericCreate,
    icon: custom.icon ?? icons[name] ?? ViewListIcon,
  };
}
