import { Show } from 'react-admin';
import { MetaFields, ShowActions } from '../../generic/GenericShow';
import { LogEntries } from './LogEntries';

export const LogShow = () => (
  <Show actions={<ShowActions />}>
    <MetaFields />
    <LogEntries />
  </Show>
);
