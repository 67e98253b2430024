import { Show } from 'react-admin';
import { Attachments } from '../../generic/Attachments';
import { MetaFields, ShowActions } from '../../generic/GenericShow';
import { RequestReconciliation } from '../../reconciliation/RequestReconciliation';

/** A support request with its payments reconciled, month by month, and its files. */
export const SupportRequestShow = () => (
  <Show actions={<ShowActions />}>
    <MetaFields />
    <RequestReconciliation />
    <Attachments />
  </Show>
);
