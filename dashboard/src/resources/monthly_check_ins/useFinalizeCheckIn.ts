import { useState } from 'react';
import { useNotify, useRedirect, useRefresh, type Identifier, type RaRecord } from 'react-admin';
import { usePortalDataProvider } from '../../common/usePortalDataProvider';

export const RESOURCE = 'monthly_check_ins';

/** The message after finalizing: sent at once, or left in the outbox for the delivery job. */
export function finalizedMessage(record: Record<string, unknown>): string {
  return record.icm_status === 'sent' ? 'app.check_ins.finalized_sent' : 'app.check_ins.finalized_queued';
}

/**
 * Finalize and send: optionally save the form's values first (a draft saved with what is on
 * screen), then call the `finalize` action and say whether ICM has it yet.
 */
export function useFinalizeCheckIn() {
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const [busy, setBusy] = useState(false);

  const finalize = async (record: RaRecord, values?: Record<string, unknown>): Promise<Record<string, string> | undefined> => {
    setBusy(true);
    try {
      if (values) {
        await dataProvider.update(RESOURCE, { id: record.id, data: values, previousData: record });
      }
      const { data } = await dataProvider.action(RESOURCE, record.id as Identifier, 'finalize', {});
      notify(finalizedMessage(data), { type: 'success' });
      refresh();
      redirect('show', RESOURCE, record.id);
      return undefined;
    } catch (error: any) {
      notify(error?.message || 'app.actions.failed', { type: 'error', messageArgs: { action: 'finalize' } });
      refresh();
      return error?.body?.errors;
    } finally {
      setBusy(false);
    }
  };
  return { finalize, busy };
}
