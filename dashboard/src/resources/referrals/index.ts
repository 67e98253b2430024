import HandshakeIcon from '@mui/icons-material/Handshake';
import type { ResourceViews } from '../types';
import { ReferralShow } from './ReferralShow';

export const referrals: ResourceViews = { show: ReferralShow, icon: HandshakeIcon };
