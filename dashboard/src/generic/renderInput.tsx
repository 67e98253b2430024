import { InputAdornment } from '@mui/material';
import type { ReactNode } from 'react';
import {
  BooleanInput,
  DateInput,
  DateTimeInput,
  maxLength,
  NullableBooleanInput,
  NumberInput,
  PasswordInput,
  required,
  SelectInput,
  TextInput,
  type Validator,
} from 'react-admin';
import { enumChoices, fieldKind, fieldLabel, referenceFilterToQuery, type FieldKind, type Translate } from '../meta/fields';
import { formatDateValue, formatMonthValue, parseDateValue, parseMoney, parseMonthValue } from '../meta/format';
import { findResource } from '../meta/store';
import type { Meta, MetaField } from '../../../contract/meta';
import { NarrowedReferenceInput } from './NarrowedReferenceInput';

/** What an input needs to know: a meta field, an action's input, or a filter. */
export interface InputSpec {
  name: string;
  type: string;
  required?: boolean;
  nullable?: boolean;
  max_length?: number | null;
  enum?: readonly string[] | null;
  reference?: string | null;
  write_only?: boolean;
  /** a picker narrowed by the form's other fields (meta `reference_filter`) */
  reference_filter?: MetaField['reference_filter'];
  /** a new record's value (a boolean column's default) */
  default?: boolean;
}

export interface RenderInputOptions {
  /** the form's source when it differs from the field name (range filters: birth_date_gte) */
  source?: string;
  label?: ReactNode;
  /** filters: never required, booleans may be left unset */
  asFilter?: boolean;
  alwaysOn?: boolean;
  /** the enum labels' resource (an action's inputs use the resource's enum translations) */
  resource: string;
  /** shown, not changed (a field the caller's role may not write) */
  readOnly?: boolean;
}

function validators(spec: InputSpec, asFilter: boolean): Validator[] {
  if (asFilter) return [];
  const list: Validator[] = [];
  if (spec.required) list.push(required());
  if (spec.max_length) list.push(maxLength(spec.max_length));
  return list;
}

const parseJson = (value: string) => {
  if (value === '' || value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const validJson: Validator = value =>
  typeof value === 'string' ? { message: 'app.validation.json', args: {} } : undefined;

/** The input component for one field, chosen by its kind. */
export function renderInput(spec: InputSpec, meta: Meta | null, translate: Translate, options: RenderInputOptions) {
  const asFilter = options.asFilter ?? false;
  const kind: FieldKind = fieldKind({
    name: spec.name,
    type: spec.type as any,
    enum: spec.enum ? [...spec.enum] : null,
    reference: spec.reference ?? null,
    max_length: spec.max_length ?? null,
  });
  const source = options.source ?? spec.name;
  const label = options.label ?? fieldLabel(translate, options.resource, spec.name);
  const common = {
    source,
    label,
    validate: validators(spec, asFilter),
    alwaysOn: options.alwaysOn,
    ...(options.readOnly ? { readOnly: true } : {}),
  };
  switch (kind) {
    case 'reference': {
      const target = findResource(meta, spec.reference!);
      if (!target) return <NumberInput key={source} {...common} />;
      return (
        <NarrowedReferenceInput
          key={source}
          source={source}
          reference={target.name}
          narrowing={asFilter ? null : (spec.reference_filter ?? null)}
          alwaysOn={options.alwaysOn}
          label={label}
          validate={common.validate}
          filterToQuery={referenceFilterToQuery(target)}
          readOnly={options.readOnly}
        />
      );
    }
    case 'enum':
      return (
        <SelectInput
          key={source}
          {...common}
          choices={enumChoices(translate, options.resource, spec.name, spec.enum ?? [])}
          translateChoice={false}
          // a filter may be left at "Any"; a form's optional choice is "None"
          emptyText={asFilter ? 'app.input.any' : spec.required ? undefined : 'app.input.none'}
          sx={{ minWidth: 200 }}
        />
      );
    case 'date':
      return <DateInput key={source} {...common} format={formatDateValue} parse={parseDateValue} />;
    case 'month':
      return (
        <TextInput
          key={source}
          {...common}
          type="month"
          format={formatMonthValue}
          parse={parseMonthValue}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      );
    case 'datetime':
      return <DateTimeInput key={source} {...common} />;
    case 'money':
      return (
        <NumberInput
          key={source}
          {...common}
          step={0.01}
          parse={(value: string) => parseMoney(value)}
          slotProps={{ input: { startAdornment: <InputAdornment position="start">$</InputAdornment> } }}
        />
      );
    case 'integer':
      return <NumberInput key={source} {...common} step={1} />;
    case 'number':
      return <NumberInput key={source} {...common} />;
    case 'boolean':
      return asFilter || spec.nullable ? (
        <NullableBooleanInput key={source} {...common} />
      ) : (
        <BooleanInput key={source} {...common} defaultValue={spec.default} />
      );
    case 'longText':
      return <TextInput key={source} {...common} multiline minRows={3} fullWidth />;
    case 'json':
      return (
        <TextInput
          key={source}
          {...common}
          validate={[...common.validate, validJson]}
          multiline
          minRows={3}
          fullWidth
          format={(value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2))}
          parse={parseJson}
        />
      );
    default:
      return spec.write_only ? (
        <PasswordInput key={source} {...common} autoComplete="new-password" />
      ) : (
        <TextInput key={source} {...common} />
      );
  }
}
