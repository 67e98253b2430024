import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import type { ResourceViews } from '../types';
import { SupportRequestShow } from './SupportRequestShow';

export const support_requests: ResourceViews = { show: SupportRequestShow, icon: RequestQuoteIcon };
