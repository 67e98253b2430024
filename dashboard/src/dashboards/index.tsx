import DashboardIcon from '@mui/icons-material/Dashboard';
import { lazyPage } from '../common/lazyPage';
import type { ResourceViews } from '../resources/types';
import { DashboardShow } from './DashboardShow';

/** Dashboards: the generic list, each opening as its grid of cards; its own form (loaded when opened) for sharing and filters. */
export const dashboards: ResourceViews = {
  show: DashboardShow,
  edit: lazyPage(() => import('./DashboardForm').then(m => ({ default: m.DashboardEdit }))),
  create: lazyPage(() => import('./DashboardForm').then(m => ({ default: m.DashboardCreate }))),
  icon: DashboardIcon,
};
