import ScheduleSendIcon from '@mui/icons-material/ScheduleSend';
import { lazyPage } from '../../common/lazyPage';
import type { ResourceViews } from '../types';

export const report_subscriptions: ResourceViews = {
  create: lazyPage(() => import('./SubscriptionForm').then(m => ({ default: m.SubscriptionCreate }))),
  edit: lazyPage(() => import('./SubscriptionForm').then(m => ({ default: m.SubscriptionEdit }))),
  icon: ScheduleSendIcon,
};
