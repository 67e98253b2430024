import { AutocompleteInput, ReferenceInput, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { MetaField } from '../../../contract/meta';

/**
 * A reference picker, narrowed by the rest of the form when meta says so (`reference_filter`):
 * a support request offers the placements of the child already chosen and only the active
 * sub-types of its type. A field the form has not filled in yet narrows nothing.
 */
export function narrowingFilter(narrowing: MetaField['reference_filter'], values: Record<string, unknown>): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (!narrowing) return filter;
  for (const [key, value] of Object.entries(narrowing)) {
    if ('value' in value) filter[key] = value.value;
    else if (values[value.field] !== undefined && values[value.field] !== null && values[value.field] !== '') filter[key] = values[value.field];
  }
  return filter;
}

export const NarrowedReferenceInput = ({
  source,
  reference,
  narrowing,
  label,
  validate,
  filterToQuery,
  readOnly,
}: {
  source: string;
  reference: string;
  narrowing: MetaField['reference_filter'];
  /** a list filter shown without opening the filter menu (read by react-admin's filter form) */
  alwaysOn?: boolean;
  label: React.ReactNode;
  validate: Validator[];
  filterToQuery: (text: string) => Record<string, unknown>;
  readOnly?: boolean;
}) => {
  const values = useWatch();
  return (
    <ReferenceInput source={source} reference={reference} filter={narrowingFilter(narrowing, narrowing ? (values ?? {}) : {})}>
      <AutocompleteInput label={label} validate={validate} filterToQuery={filterToQuery} readOnly={readOnly} sx={{ minWidth: 240 }} />
    </ReferenceInput>
  );
};
