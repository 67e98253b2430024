import type { ReactElement } from 'react';
import { DateField, FunctionField, ReferenceField, SelectInput, TextField, useGetResourceLabel, useRecordContext, useTranslate } from 'react-admin';
import { GenericList } from '../../generic/GenericList';
import { fieldLabel } from '../../meta/fields';
import { useMeta } from '../../meta/MetaContext';
import { findResource } from '../../meta/store';

/**
 * The audit trail as people read it: when, who (the user's name), what (the action, the kind
 * of record and its title, linked when the caller may open it) and the row's readable
 * `summary` of what changed. Filters, sorts and the CSV/XLSX download are the generic list's
 * (by user, resource, action and date; the download carries the summary column too), the
 * resource picked by its name from those the caller knows.
 */
const AuditedRecord = (_: { label: string; sortable: false }) => {
  const record = useRecordContext();
  const meta = useMeta();
  if (!record?.record_id) return null;
  const number = `#${String(record.record_id)}`;
  if (!findResource(meta, String(record.resource))) return <span>{number}</span>;
  return <ReferenceField source="record_id" reference={String(record.resource)} link="show" emptyText={number} />;
};

export const AuditList = () => {
  const translate = useTranslate();
  const getLabel = useGetResourceLabel();
  const meta = useMeta();
  const label = (field: string) => fieldLabel(translate, 'audit_events', field);
  const resources = (meta?.resources ?? []).map(r => ({ id: r.name, name: getLabel(r.name, 2) })).sort((x, y) => x.name.localeCompare(y.name));
  const pickResource = (inputs: ReactElement[]) =>
    inputs.map(input => (input.key === 'resource' ? <SelectInput key="resource" source="resource" label={label('resource')} choices={resources} emptyText="app.input.any" /> : input));
  return (
    <GenericList
      filterInputs={pickResource}
      columns={[
        <DateField key="at" source="at" label={label('at')} showTime />,
        <ReferenceField key="user_id" source="user_id" reference="users" label={label('user_id')} link={false} emptyText={translate('app.history.system')} />,
        <FunctionField key="action" source="action" label={label('action')} render={(r: { action: string }) => translate(`app.history.actions.${r.action}`, { _: r.action.replace(/_/g, ' ') })} />,
        <FunctionField key="resource" source="resource" label={label('resource')} render={(r: { resource: string }) => getLabel(r.resource, 1)} />,
        <AuditedRecord key="record" label={label('record_id')} sortable={false} />,
        <TextField key="summary" source="summary" label={label('summary')} sortable={false} emptyText="—" />,
      ]}
    />
  );
};
