import { Show } from 'react-admin';
import { MetaFields, ShowActions } from '../../generic/GenericShow';
import { RequestReconciliation } from '../../reconciliation/RequestReconciliation';

/** A support request with its payments reconciled, month by month. */
export const SupportRequestShow = () => (
  <Show actions={<ShowActions />}>
    <MetaFields />
    <RequestReconciliation />
  </Show>
);
