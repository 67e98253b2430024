import { Alert, Box, Link, Skeleton } from '@mui/material';
import { Suspense, useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { DownloadButtons } from '../common/DownloadButtons';
import { EmptyState } from '../common/EmptyState';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { CardShell } from './CardShell';
import type { ChartDefinition } from './charts';
import { ChartTableToggle } from '../reporting/ChartTableToggle';
import { reportParams, type PeriodState } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { useReport } from '../reporting/useReport';

export const ChartSkeleton = () => <Skeleton variant="rounded" height={300} aria-hidden />;

/** A chart in its titled card: skeleton while loading, a table view, downloads, and drill-down. */
export const ChartCard = ({ definition, period }: { definition: ChartDefinition; period: PeriodState }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = usePortalDataProvider();
  const [asTable, setAsTable] = useState(false);
  const { data: report, isPending, error } = useReport<unknown>(definition.report, period);
  const model = useMemo(() => (report ? definition.aggregate(report) : null), [report, definition]);
  const title = translate(`app.charts.${definition.key}.title`);
  const { Chart } = definition;

  const tools = (
    <Box sx={{ display: 'flex', alignItems: 'center' }}>
      <ChartTableToggle asTable={asTable} onChange={setAsTable} />
      <DownloadButtons
        what={title}
        start={(format, onProgress) =>
          dataProvider.download(`reports/${definition.report}`, { query: reportParams(period) }, format, onProgress)
        }
      />
    </Box>
  );

  let body;
  if (isPending) body = <ChartSkeleton />;
  else if (error) body = <Alert severity="error">{(error as Error).message || translate('app.charts.error')}</Alert>;
  else if (!model || model.empty) body = <EmptyState title={translate('app.charts.empty')} hint={translate('app.charts.empty_hint')} />;
  else if (asTable) body = model.tables.map(table => <ReportTable key={table.title} table={table} />);
  else
    body = (
      <Suspense fallback={<ChartSkeleton />}>
        <Box component="figure" sx={{ m: 0 }} aria-label={translate('app.charts.aria', { title })}>
          <Chart data={model.data} onSelect={selection => navigate(definition.drillDown(period, selection))} />
        </Box>
      </Suspense>
    );

  return (
    <CardShell
      title={title}
      actions={tools}
      footer={
        <Link component={RouterLink} to={definition.drillDown(period, {})}>
          {translate(`app.charts.${definition.key}.list`)}
        </Link>
      }
    >
      {body}
    </CardShell>
  );
};
