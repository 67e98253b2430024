import { DateField, FunctionField, useTranslate } from 'react-admin';
import { GenericList } from '../../generic/GenericList';
import { NotificationMessageField } from '../../generic/spokenFields';
import { fieldLabel } from '../../meta/fields';
import type { ResourceViews } from '../types';

/**
 * The notifications list as people read it: when, what kind, the message in the reader's
 * language (from its parts; see spokenFields.tsx) and when it was read. Filters, sorts and the
 * download are the generic list's.
 */
const NotificationList = () => {
  const translate = useTranslate();
  const label = (field: string) => fieldLabel(translate, 'notifications', field);
  return (
    <GenericList
      columns={[
        <DateField key="created_at" source="created_at" label={label('created_at')} showTime />,
        <FunctionField key="kind" source="kind" label={label('kind')} render={(r: { kind: string }) => translate(`app.notifications.kinds.${r.kind}`, { _: r.kind.replace(/_/g, ' ') })} />,
        <NotificationMessageField key="message" source="message" label={label('message')} sortable={false} preview={160} />,
        <DateField key="read_at" source="read_at" label={label('read_at')} showTime emptyText="—" />,
      ]}
    />
  );
};

export const notifications: ResourceViews = { list: NotificationList };
