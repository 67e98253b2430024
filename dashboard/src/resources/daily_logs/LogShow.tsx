import { Show } from 'react-admin';
import { DetailsAndHistory, MetaFields, ShowActions } from '../../generic/GenericShow';
import { Attachments } from '../../generic/Attachments';
import { LogEntries } from './LogEntries';

export const LogShow = () => (
  <Show actions={<ShowActions />}>
    <DetailsAndHistory>
      <MetaFields />
      <LogEntries />
      <Attachments />
    </DetailsAndHistory>
  </Show>
);
