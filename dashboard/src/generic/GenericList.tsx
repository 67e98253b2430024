import type { ReactElement, ReactNode } from 'react';
import {
  BulkDeleteButton,
  CreateButton,
  Datagrid,
  FilterButton,
  List,
  SearchInput,
  TopToolbar,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { fieldLabel, filterSpecs, listFields, type FilterSpec, type Translate } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import type { Meta, MetaResource } from '../../../contract/meta';
import { renderField } from './renderField';
import { renderInput } from './renderInput';
import { ListEmpty, ListLoadError } from './ListEmpty';
import { ListPagination } from './ListPagination';
import { BulkExport, ListExport } from './ListExport';

function filterLabel(translate: Translate, resource: string, spec: FilterSpec): string {
  const name = fieldLabel(translate, resource, spec.field.name);
  if (spec.bound === 'eq') return name;
  return translate(spec.bound === 'gte' ? 'app.filters.from' : 'app.filters.to', { field: name });
}

/** The filter bar of a resource: `q` search when it has search fields, then its declared filters. */
export function buildFilters(resource: MetaResource, meta: Meta | null, translate: Translate) {
  const inputs = filterSpecs(resource).map(spec =>
    renderInput(spec.field, meta, translate, {
      resource: resource.name,
      source: spec.source,
      label: filterLabel(translate, resource.name, spec),
      asFilter: true,
    }),
  );
  if (resource.search.length > 0) {
    inputs.unshift(<SearchInput key="q" source="q" alwaysOn aria-label={translate('ra.action.search')} />);
  }
  return inputs;
}

const ListActions = ({ hasFilters, extra }: { hasFilters: boolean; extra?: ReactNode }) => (
  <TopToolbar>
    {extra}
    {hasFilters && <FilterButton />}
    <CreateButton />
    <ListExport />
  </TopToolbar>
);

const BulkActions = () => (
  <>
    <BulkExport />
    <BulkDeleteButton mutationMode="pessimistic" />
  </>
);

/**
 * The list of any resource, from its meta: default columns, filters, search, sorts, export; a
 * resource's own list may give its `columns`, and change its filters (`filterInputs` receives
 * the generic ones).
 */
export const GenericList = ({
  extraActions,
  columns,
  filterInputs = inputs => inputs,
}: {
  extraActions?: ReactNode;
  columns?: ReactNode;
  filterInputs?: (inputs: ReactElement[]) => ReactElement[];
}) => {
  const name = useResourceContext()!;
  const resource = useMetaResource(name);
  const meta = useMeta();
  const translate = useTranslate();
  if (!resource) return null;
  const filters = filterInputs(buildFilters(resource, meta, translate));
  const [field, order] = resource.default_sort;
  return (
    <List
      filters={filters}
      sort={{ field, order }}
      perPage={25}
      actions={<ListActions hasFilters={filters.length > 0} extra={extraActions} />}
      empty={<ListEmpty />}
      error={<ListLoadError />}
      pagination={<ListPagination />}
    >
      <Datagrid rowClick="show" bulkActionButtons={<BulkActions />}>
        {columns ?? listFields(resource).map(f => renderField(resource, f, meta, translate, { inList: true }))}
      </Datagrid>
    </List>
  );
};
