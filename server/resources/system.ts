import { scopeGlobalOnly, scopeOwnRows } from '../access/scope';
import { AuditEvent, JobRun, Notification, OutboxMessage } from '../models';
import type { Role } from '../../contract/enums';
import { EVERYONE, GLOBAL_READERS, NOBODY } from '../access/roles';
import type { ResourceDeclaration } from './types';

/**
 * What the system writes: notifications, the audit trail, the ICM outbox and job runs.
 * `sessions` and `login_attempts` are deliberately not resources.
 */

const READ_AT_ONLY: Partial<Record<Role, readonly string[]>> = Object.fromEntries(EVERYONE.map((role) => [role, ['read_at']]));

/** Each user reads its own notifications and marks them read; the server writes them. */
export const notifications: ResourceDeclaration<Notification> = {
  name: 'notifications',
  model: Notification,
  filters: ['user_id', 'kind', 'resource', 'record_id', 'read_at', 'created_at'],
  sorts: ['created_at', 'read_at', 'kind'],
  defaultSort: ['created_at', 'DESC'],
  search: ['message'],
  references: { user_id: 'users' },
  access: { read: EVERYONE, create: NOBODY, update: EVERYONE, delete: NOBODY },
  writableByRole: READ_AT_ONLY,
  scope: scopeOwnRows(),
};

export const auditEvents: ResourceDeclaration<AuditEvent> = {
  name: 'audit_events',
  model: AuditEvent,
  filters: ['user_id', 'action', 'resource', 'record_id', 'ip', 'at'],
  sorts: ['at', 'action', 'resource', 'user_id'],
  defaultSort: ['at', 'DESC'],
  search: ['resource', 'action', 'record_id'],
  references: { user_id: 'users' },
  access: { read: GLOBAL_READERS, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: scopeGlobalOnly,
};

export const outboxMessages: ResourceDeclaration<OutboxMessage> = {
  name: 'outbox_messages',
  model: OutboxMessage,
  filters: ['topic', 'status', 'attempts', 'deliver_after', 'delivered_at', 'idempotency_key', 'monthly_check_in_id', 'respite_stay_id', 'created_at'],
  sorts: ['created_at', 'deliver_after', 'delivered_at', 'status', 'attempts', 'topic'],
  defaultSort: ['created_at', 'DESC'],
  search: ['topic', 'last_error'],
  references: { monthly_check_in_id: 'monthly_check_ins', respite_stay_id: 'respite_stays' },
  access: { read: GLOBAL_READERS, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: scopeGlobalOnly,
};

export const jobRuns: ResourceDeclaration<JobRun> = {
  name: 'job_runs',
  model: JobRun,
  filters: ['job', 'as_of', 'status', 'started_at', 'finished_at'],
  sorts: ['started_at', 'finished_at', 'as_of', 'job', 'status'],
  defaultSort: ['started_at', 'DESC'],
  search: ['job', 'error'],
  access: { read: GLOBAL_READERS, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: scopeGlobalOnly,
};

export const systemResources: ResourceDeclaration[] = [notifications, auditEvents, outboxMessages, jobRuns];
