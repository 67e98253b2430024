import ChildCareIcon from '@mui/icons-material/ChildCare';
import type { ResourceViews } from '../types';
import { ChildShow } from './ChildShow';

export const children: ResourceViews = { show: ChildShow, icon: ChildCareIcon };
