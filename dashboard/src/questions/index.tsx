import QueryStatsIcon from '@mui/icons-material/QueryStats';
import { lazyPage } from '../common/lazyPage';
import type { ResourceViews } from '../resources/types';

/** Questions: the generic list; made and changed in the builder; shown as their answer. Loaded when opened. */
export const questions: ResourceViews = {
  create: lazyPage(() => import('./QuestionPages').then(m => ({ default: m.QuestionCreate }))),
  edit: lazyPage(() => import('./QuestionPages').then(m => ({ default: m.QuestionEdit }))),
  show: lazyPage(() => import('./QuestionPages').then(m => ({ default: m.QuestionShow }))),
  icon: QueryStatsIcon,
};
