import { Box, Button, Card, Typography } from '@mui/material';
import { Datagrid, ListBase, Pagination, Title, useListContext, useTranslate, type Identifier } from 'react-admin';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { DATA_QUALITY_CHECKS } from '../../../contract/enums';
import type { DataQualityScorecard } from '../../../contract/dataQuality';
import { EmptyState } from '../common/EmptyState';
import { renderField } from '../generic/renderField';
import { listFields } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { recordPath } from '../compliance/recordLink';
import { useComputed } from '../reporting/useComputed';
import { groupFilter } from './recordsPath';

/** How many records the list holds, said for screen readers and the e2e test alike. */
const Total = () => {
  const translate = useTranslate();
  const { total, isPending } = useListContext();
  if (isPending || total === undefined) return null;
  return (
    <Typography variant="body2" role="status" sx={{ mb: 1 }}>
      {translate('app.data_quality.records_total', { smart_count: total })}
    </Typography>
  );
};

/** The records one scorecard count stands for, in their resource's list columns, each opening its record. */
export const DataQualityRecords = () => {
  const translate = useTranslate();
  const meta = useMeta();
  const { check } = useParams();
  const [params] = useSearchParams();
  const known = DATA_QUALITY_CHECKS.find(c => c === check);
  const card = useComputed<DataQualityScorecard>('data_quality', {}, Boolean(known));
  const resourceName = card.data?.data.checks.find(c => c.key === known)?.resource;
  const resource = useMetaResource(resourceName);
  if (!known) return <EmptyState title={translate('app.data_quality.unknown_check')} />;
  const title = translate(`app.data_quality.checks.${known}`);
  return (
    <Box sx={{ py: 2 }}>
      <Title title={title} />
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, mb: 1 }}>
        <Typography variant="h5" component="h2">
          {title}
        </Typography>
        <Button size="small" component={Link} to="/data-quality">
          {translate('app.data_quality.back')}
        </Button>
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(`app.data_quality.hints.${known}`)}
      </Typography>
      {resource && (
        <Card sx={{ p: 1 }}>
          {/* the page is shown only to who may read the check's resource (above); the server scopes the records */}
          <ListBase
            resource={`data_quality/${known}/records`}
            filter={groupFilter(params)}
            sort={{ field: 'id', order: 'ASC' }}
            perPage={25}
            disableSyncWithLocation
            disableAuthentication
          >
            <Total />
            <Datagrid rowClick={(id: Identifier) => recordPath(resource.name, id)} bulkActionButtons={false} empty={<EmptyState title={translate('app.data_quality.none')} />}>
              {listFields(resource).map(f => renderField({ ...resource, sorts: [] }, f, meta, translate, { inList: true }))}
            </Datagrid>
            <Pagination rowsPerPageOptions={[25, 50, 100]} />
          </ListBase>
        </Card>
      )}
    </Box>
  );
};
