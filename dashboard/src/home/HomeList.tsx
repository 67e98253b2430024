import { Button, Card, CardContent, CardHeader } from '@mui/material';
import { Datagrid, ListBase, ResourceContextProvider, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { EmptyState } from '../common/EmptyState';
import { renderField } from '../generic/renderField';
import { findField } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';

/**
 * One work list of a home page: the first records of a resource under a fixed filter, the
 * fields named, each row opening its record, and "View all" opening the list so filtered. A
 * resource the caller may not read is left out.
 */
export const HomeList = ({
  id,
  title,
  resource,
  filter,
  sort,
  fields,
}: {
  id: string;
  /** a translation key */
  title: string;
  resource: string;
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  fields: string[];
}) => {
  const translate = useTranslate();
  const meta = useMeta();
  const target = useMetaResource(resource);
  if (!target?.permissions.read) return null;
  const shown = fields.map(name => findField(target, name)).filter(f => f !== undefined);
  const all = `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter), order: sort.order, sort: sort.field })}`;
  return (
    <Card component="section" aria-labelledby={id}>
      <CardHeader
        title={translate(title)}
        slotProps={{ title: { component: 'h3', variant: 'h6', id } }}
        action={
          <Button component={Link} to={all} size="small">
            {translate('app.home.view_all')}
          </Button>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <ResourceContextProvider value={resource}>
          <ListBase resource={resource} filter={filter} sort={sort} perPage={10} disableSyncWithLocation storeKey={false}>
            <Datagrid rowClick="show" bulkActionButtons={false} empty={<EmptyState title={translate('app.home.nothing')} />}>
              {shown.map(f => renderField(target, f, meta, translate))}
            </Datagrid>
          </ListBase>
        </ResourceContextProvider>
      </CardContent>
    </Card>
  );
};
