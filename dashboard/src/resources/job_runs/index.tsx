import ScheduleIcon from '@mui/icons-material/Schedule';
import { GenericList } from '../../generic/GenericList';
import type { ResourceViews } from '../types';
import { RunJobButton } from './RunJobButton';

const JobRunList = () => <GenericList extraActions={<RunJobButton />} />;

export const job_runs: ResourceViews = { list: JobRunList, icon: ScheduleIcon };
