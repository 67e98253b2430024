import EventNoteIcon from '@mui/icons-material/EventNote';
import type { ResourceViews } from '../types';
import { CheckInCreate, CheckInEdit, CheckInShow } from './CheckInViews';

export const monthly_check_ins: ResourceViews = {
  show: CheckInShow,
  edit: CheckInEdit,
  create: CheckInCreate,
  icon: EventNoteIcon,
};
