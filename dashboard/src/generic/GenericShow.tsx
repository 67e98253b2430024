import type { ReactNode } from 'react';
import { EditButton, Show, SimpleShowLayout, TabbedShowLayout, TopToolbar, useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { HistoryTab } from '../history/HistoryTab';
import { showFields } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { Attachments } from './Attachments';
import { renderField } from './renderField';
import { WorkflowButtons } from './WorkflowButtons';

/** Edit, unless the record is in a status that takes no more edits (a paid payment, a closed plan). */
const EditUnlessLocked = () => {
  const record = useRecordContext();
  const resource = useMetaResource(useResourceContext());
  if (record && resource?.locked_statuses?.includes(String(record.status))) return null;
  return <EditButton />;
};

export const ShowActions = () => (
  <TopToolbar>
    <WorkflowButtons />
    <EditUnlessLocked />
  </TopToolbar>
);

/** Every field of the record, formatted by kind. */
export const MetaFields = ({ exclude = [] }: { exclude?: string[] }) => {
  const name = useResourceContext()!;
  const resource = useMetaResource(name);
  const meta = useMeta();
  const translate = useTranslate();
  if (!resource) return null;
  return (
    <SimpleShowLayout>
      {showFields(resource)
        .filter(f => !exclude.includes(f.name))
        .map(f => renderField(resource, f, meta, translate))}
    </SimpleShowLayout>
  );
};

/** `label={false}`: a tab labels each child it holds, and this one is the whole tab. */
const Details = ({ children }: { label: false; children: ReactNode }) => <>{children}</>;

/**
 * A record's page laid out in two tabs: what a show page puts on it (`children`, by default
 * every field and the record's files), then its history (one HistoryTab for every page).
 */
export const DetailsAndHistory = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label={translate('app.tabs.details')}>
        <Details label={false}>{children}</Details>
      </TabbedShowLayout.Tab>
      {HistoryTab()}
    </TabbedShowLayout>
  );
};

/** Every field, then the record's files when its resource carries attachments; its history in a tab of its own. */
export const GenericShow = ({ children }: { children?: ReactNode }) => (
  <Show actions={<ShowActions />}>
    {children ?? (
      <DetailsAndHistory>
        <MetaFields />
        <Attachments />
      </DetailsAndHistory>
    )}
  </Show>
);
