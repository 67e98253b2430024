import { Alert, Box, Link, Skeleton, Typography } from '@mui/material';
import { Suspense, useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { DownloadButtons } from '../common/DownloadButtons';
import { EmptyState } from '../common/EmptyState';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { CardShell } from './CardShell';
import type { ChartDefinition } from './charts';
import { ChartTableToggle } from '../reporting/ChartTableToggle';
import { ComparisonMenu } from '../reporting/ComparisonMenu';
import { useFormat } from '../reporting/useFormat';
import type { ComparisonKind, ReportComparison } from '../../../contract/reports';
import { comparedQualifier } from './charts/overlay';
import { reportParams, type PeriodState } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { useReport } from '../reporting/useReport';

export const ChartSkeleton = () => <Skeleton variant="rounded" height={300} aria-hidden />;

/** What the card says of its overlay: which comparison, its dates, or that it is loading or failed. */
const OverlayNote = ({ compare, overlay, failed }: { compare: ComparisonKind; overlay: ReportComparison | undefined; failed: boolean }) => {
  const translate = useTranslate();
  const format = useFormat();
  const text = overlay
    ? translate('app.charts.compare.note', { against: translate(comparedQualifier(overlay.kind)), from: format(overlay.from, 'date'), to: format(overlay.to, 'date') })
    : translate(failed ? 'app.charts.compare.error' : 'app.charts.compare.loading');
  return (
    <Typography variant="caption" component="p" color={failed ? 'error' : 'text.secondary'} data-overlay={compare} sx={{ mb: 1 }}>
      {text}
    </Typography>
  );
};

/**
 * A chart in its titled card: skeleton while loading, a table view, downloads, drill-down, and
 * a comparison overlaid on a choice (the report asked again with `compare` only then: it costs
 * the server a second run, which the KPI cards of the same report share when they show).
 */
export const ChartCard = ({ definition, period }: { definition: ChartDefinition; period: PeriodState }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = usePortalDataProvider();
  const [asTable, setAsTable] = useState(false);
  const [compare, setCompare] = useState<ComparisonKind | null>(null);
  const { data: report, isPending, error } = useReport<unknown>(definition.report, period);
  const compared = useReport<{ comparison?: ReportComparison }>(definition.report, period, { compare: compare ?? 'previous' }, { enabled: compare !== null });
  const overlay = compare !== null ? compared.data?.comparison : undefined;
  const model = useMemo(() => (report ? definition.aggregate(report, overlay) : null), [report, overlay, definition]);
  const title = translate(`app.charts.${definition.key}.title`);
  const { Chart } = definition;

  const tools = (
    <Box sx={{ display: 'flex', alignItems: 'center' }}>
      <ComparisonMenu value={compare} onChange={setCompare} />
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
  else if (asTable)
    body = (
      <>
        {model.tables.map(table => <ReportTable key={table.title} table={table} />)}
        {definition.List && <definition.List period={period} />}
      </>
    );
  else
    body = (
      <Suspense fallback={<ChartSkeleton />}>
        <Box component="figure" sx={{ m: 0 }} aria-label={translate('app.charts.aria', { title })}>
          <Chart data={model.data} comparison={overlay?.kind ?? null} onSelect={selection => navigate(definition.drillDown(period, selection))} />
        </Box>
      </Suspense>
    );
  const note = compare !== null && model && !model.empty && <OverlayNote compare={compare} overlay={overlay} failed={compared.isError} />;

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
      {note}
      {body}
    </CardShell>
  );
};
