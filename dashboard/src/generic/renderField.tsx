import { BooleanField, ReferenceField, TextField } from 'react-admin';
import { fieldKind, fieldLabel, type Translate } from '../meta/fields';
import { findResource } from '../meta/store';
import type { Meta, MetaField, MetaResource } from '../../../contract/meta';
import {
  DateTimeValueField,
  EnumField,
  JsonValueField,
  LocalDateField,
  LongTextField,
  MoneyField,
  MonthField,
  NumberValueField,
} from './displayFields';

interface RenderFieldOptions {
  /** in a list: sortable per meta, long texts cut short */
  inList?: boolean;
}

/** The display component for one meta field. */
export function renderField(
  resource: MetaResource,
  field: MetaField,
  meta: Meta | null,
  translate: Translate,
  options: RenderFieldOptions = {},
) {
  const key = field.name;
  const common = {
    source: field.name,
    label: fieldLabel(translate, resource.name, field.name),
    sortable: options.inList ? resource.sorts.includes(field.name) : false,
  };
  switch (fieldKind(field)) {
    case 'reference':
      return findResource(meta, field.reference!) ? (
        <ReferenceField key={key} {...common} reference={field.reference!} link="show" emptyText="" />
      ) : (
        <TextField key={key} {...common} />
      );
    case 'enum':
      return <EnumField key={key} {...common} resource={resource.name} />;
    case 'date':
      return <LocalDateField key={key} {...common} />;
    case 'month':
      return <MonthField key={key} {...common} />;
    case 'datetime':
      return <DateTimeValueField key={key} {...common} />;
    case 'money':
      return <MoneyField key={key} {...common} />;
    case 'integer':
    case 'number':
      return <NumberValueField key={key} {...common} />;
    case 'boolean':
      return <BooleanField key={key} {...common} />;
    case 'longText':
      return <LongTextField key={key} {...common} preview={options.inList ? 120 : 0} />;
    case 'json':
      return <JsonValueField key={key} {...common} />;
    default:
      return <TextField key={key} {...common} />;
  }
}
