import { MenuItem, TextField } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import type { QuestionField } from '../../../contract/questions';
import { enumLabel, recordRepresentation } from '../meta/fields';
import { useMetaResource } from '../meta/MetaContext';
import type { FilterValue } from './specForm';

/** A reference's records to choose from (the first 200 by the referenced resource's own order). */
const ReferenceChoice = ({ field, label, value, onChange }: { field: QuestionField; label: string; value: FilterValue; onChange: (v: FilterValue) => void }) => {
  const target = useMetaResource(field.reference!);
  const { data = [] } = useGetList(field.reference!, { pagination: { page: 1, perPage: 200 }, sort: target ? { field: target.default_sort[0], order: target.default_sort[1] } : undefined }, { enabled: Boolean(target) });
  const represent = target ? recordRepresentation(target) : 'id';
  const title = (record: Record<string, unknown>) => (typeof represent === 'function' ? represent(record) : String(record[represent] ?? record.id));
  return (
    <TextField select size="small" label={label} value={value ?? ''} onChange={e => onChange(e.target.value === '' ? '' : e.target.value)} sx={{ minWidth: 220 }}>
      {data.map(record => (
        <MenuItem key={record.id} value={String(record.id)}>
          {title(record)}
        </MenuItem>
      ))}
    </TextField>
  );
};

/** The value of one filter row, by the field's kind: a choice, yes/no, a date, a number or text. */
export const FilterValueInput = ({ field, label, value, onChange }: { field: QuestionField; label: string; value: FilterValue; onChange: (v: FilterValue) => void }) => {
  const translate = useTranslate();
  if (field.reference && !field.enum) return <ReferenceChoice field={field} label={label} value={value} onChange={onChange} />;
  if (field.enum || field.type === 'boolean') {
    const choices = field.enum ? field.enum.map(v => ({ id: v, name: enumLabel(translate, field.resource, field.name, v) })) : [
      { id: 'true', name: translate('ra.boolean.true') },
      { id: 'false', name: translate('ra.boolean.false') },
    ];
    return (
      <TextField
        select
        size="small"
        label={label}
        value={value === null ? '' : String(value)}
        onChange={e => onChange(field.type === 'boolean' ? e.target.value === 'true' : e.target.value)}
        sx={{ minWidth: 200 }}
      >
        {choices.map(choice => (
          <MenuItem key={choice.id} value={choice.id}>
            {choice.name}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  const numeric = ['integer', 'number', 'money'].includes(field.type);
  const dated = field.type === 'date' || field.type === 'datetime';
  return (
    <TextField
      size="small"
      label={label}
      type={numeric ? 'number' : dated ? 'date' : 'text'}
      value={value ?? ''}
      onChange={e => onChange(numeric && e.target.value !== '' ? Number(e.target.value) : e.target.value)}
      slotProps={dated ? { inputLabel: { shrink: true } } : undefined}
      sx={{ minWidth: 180 }}
    />
  );
};
