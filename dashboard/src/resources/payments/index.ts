import PaymentsIcon from '@mui/icons-material/Payments';
import type { ResourceViews } from '../types';
import { PaymentShow } from './PaymentShow';

export const payments: ResourceViews = { show: PaymentShow, icon: PaymentsIcon };
