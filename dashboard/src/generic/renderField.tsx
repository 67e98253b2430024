import { Link } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { BooleanField, ReferenceField, TextField, useRecordContext, useTranslate } from 'react-admin';
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
import { SPOKEN_FIELDS } from './spokenFields';

interface RenderFieldOptions {
  /** in a list: sortable per meta, long texts cut short */
  inList?: boolean;
}

/**
 * Fields that open their record's details page, by resource: a payment's ICM order number is a
 * link to the payment (its details: amount, month, request, CAS number…), as in the SSP.
 */
const OPENS_RECORD: Record<string, readonly string[]> = { payments: ['icm_order_number'] };

const OpensRecord = ({ source, resource }: { source: string; resource: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (!record || value === null || value === undefined || value === '') return null;
  return (
    <Link
      component={RouterLink}
      to={`/${resource}/${encodeURIComponent(String(record.id))}/show`}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      aria-label={translate('app.payment_details.open', { number: String(value) })}
    >
      {String(value)}
    </Link>
  );
};

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
  if (OPENS_RECORD[resource.name]?.includes(field.name)) return <OpensRecord key={key} {...common} resource={resource.name} />;
  const Spoken = SPOKEN_FIELDS[resource.name]?.[field.name];
  if (Spoken) return <Spoken key={key} {...common} preview={options.inList ? 120 : 0} />;
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
