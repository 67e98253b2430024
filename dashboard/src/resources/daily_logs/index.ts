import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import type { ResourceViews } from '../types';
import { LogShow } from './LogShow';

export const daily_logs: ResourceViews = { show: LogShow, icon: HistoryEduIcon };
