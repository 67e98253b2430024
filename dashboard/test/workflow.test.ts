import { availableActions } from '../src/generic/WorkflowButtons';
import { finalizedMessage } from '../src/resources/monthly_check_ins/useFinalizeCheckIn';
import { runnableJobs } from '../../contract/jobs';
import type { MetaAction } from '../../contract/meta';
import { canEditLogEntry } from '../../contract/rules';

const actions: MetaAction[] = [
  { name: 'submit', label: 'Submit', allowed: true, from_status: ['draft'], input: [] },
  { name: 'approve', label: 'Approve', allowed: false, from_status: ['pending_approval'], input: [] },
  { name: 'clone', label: 'Clone', allowed: true, from_status: null, input: [] },
  { name: 'close', label: 'Close', allowed: true, from_status: ['in_service', 'pending_approval'], input: [] },
];

describe('workflow buttons', () => {
  it('offers a draft plan submit and clone', () => {
    expect(availableActions(actions, { id: 1, status: 'draft' }).map(a => a.name)).toEqual(['submit', 'clone']);
  });

  it('hides approve from a role that may not approve', () => {
    expect(availableActions(actions, { id: 1, status: 'pending_approval' }).map(a => a.name)).toEqual(['clone', 'close']);
  });

  it('offers nothing before the record is loaded', () => {
    expect(availableActions(actions, undefined)).toEqual([]);
  });
});

describe('finalizing a check-in', () => {
  it('says it was sent when ICM took it at once', () => {
    expect(finalizedMessage({ icm_status: 'sent' })).toBe('app.check_ins.finalized_sent');
  });

  it('says it is queued otherwise', () => {
    expect(finalizedMessage({ icm_status: 'pending' })).toBe('app.check_ins.finalized_queued');
  });
});

describe('who edits a daily log entry', () => {
  it('lets its author edit it', () => {
    expect(canEditLogEntry({ author_id: 7 }, { id: '7', role: 'portal_worker' })).toBe(true);
  });

  it('keeps other workers out', () => {
    expect(canEditLogEntry({ author_id: 7 }, { id: 8, role: 'portal_worker' })).toBe(false);
  });

  it('lets a programme manager edit any entry', () => {
    expect(canEditLogEntry({ author_id: 7 }, { id: 8, role: 'program_manager' })).toBe(true);
  });
});

describe('running jobs by hand', () => {
  it('lets a system administrator run every job', () => {
    expect(runnableJobs('system_admin')).toHaveLength(8);
  });

  it('lets the ministry refresh the payment summaries only', () => {
    expect(runnableJobs('ministry_finance')).toEqual(['refresh-payment-summaries']);
  });

  it('offers nothing to the front line', () => {
    expect(runnableJobs('portal_worker')).toEqual([]);
  });
});
