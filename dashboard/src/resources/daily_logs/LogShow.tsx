import { Show } from 'react-admin';
import { MetaFields, ShowActions } from '../../generic/GenericShow';
import { Attachments } from '../../generic/Attachments';
import { LogEntries } from './LogEntries';

export const LogShow = () => (
  <Show actions={<ShowActions />}>
    <MetaFields />
    <LogEntries />
    <Attachments />
  </Show>
);
