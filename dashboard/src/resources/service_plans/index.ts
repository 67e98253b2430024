import AssignmentIcon from '@mui/icons-material/Assignment';
import type { ResourceViews } from '../types';
import { PlanShow } from './PlanShow';

export const service_plans: ResourceViews = { show: PlanShow, icon: AssignmentIcon };
