import { Box } from '@mui/material';
import type { ReactNode } from 'react';
import {
  CreateButton,
  Datagrid,
  ListBase,
  Pagination,
  useCanAccess,
  useGetResourceLabel,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { listFields } from '../meta/fields';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { renderField } from './renderField';

interface RelatedRecordsProps {
  resource: string;
  /** the records that belong here, e.g. { child_id: 12 } or { service_plan_id: [3, 4] } */
  filter: Record<string, unknown>;
  /** a new record starts with these values (the parent's id) */
  defaults?: Record<string, unknown>;
  /** how a row looks; the resource's default columns otherwise */
  children?: ReactNode;
  rowClick?: 'show' | 'edit' | false;
  /** the order of the rows when it is not the resource's default (a referral's children: as referred) */
  sort?: { field: string; order: 'ASC' | 'DESC' };
}

/** The records of one resource that belong to a parent, as a small list with an Add button. */
export const RelatedRecords = ({ resource, filter, defaults, children, rowClick = 'show', sort }: RelatedRecordsProps) => {
  const meta = useMeta();
  const translate = useTranslate();
  const getLabel = useGetResourceLabel();
  const declared = findResource(meta, resource);
  const { canAccess: canCreate } = useCanAccess({ action: 'create', resource });
  if (!declared) return null;
  const label = getLabel(resource, 2);
  const hidden = Object.keys(filter);
  const [field, order] = declared.default_sort;
  const add = defaults && canCreate ? <CreateButton resource={resource} state={{ record: defaults }} variant="contained" /> : undefined;
  return (
    <ListBase resource={resource} filter={filter} sort={sort ?? { field, order }} perPage={10} disableSyncWithLocation>
      {add && <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>{add}</Box>}
      <Datagrid
        rowClick={rowClick}
        bulkActionButtons={false}
        empty={
          <EmptyState
            title={translate('app.empty.title', { name: label.toLocaleLowerCase() })}
            hint={translate(add ? 'app.empty.hint_add' : 'app.empty.hint_read_only')}
          />
        }
      >
        {children ??
          listFields({ ...declared, fields: declared.fields.filter(f => !hidden.includes(f.name)) }).map(f =>
            renderField(declared, f, meta, translate, { inList: true }),
          )}
      </Datagrid>
      <Pagination rowsPerPageOptions={[10, 25, 50]} />
    </ListBase>
  );
};

/** The ids of a parent's records of another resource (a child's plans, to list their check-ins). */
export function idsOf(records: RaRecord[] | undefined): (string | number)[] {
  return (records ?? []).map(r => r.id);
}
