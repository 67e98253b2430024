import type { ResourceViews } from '../types';
import { AuditList } from './AuditList';

export const audit_events: ResourceViews = { list: AuditList };
