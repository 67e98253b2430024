import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Card, CardContent, Link, Skeleton, Stack, TablePagination, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useGetOne, useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router-dom';
import {
  ACTIVE_PLANS_KEYS,
  PAYMENT_SUMMARY_KEYS,
  REFERRAL_SOURCES_KEYS,
  WAIT_TIMES_KEYS,
  type ExplanationRow,
  type ExplanationSummary,
} from '../../../contract/reports';
import { PAYMENT_KINDS } from '../../../contract/enums';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { explanationParams, explanationUrl, isDaysBucket, readFigure, recordUrl, UNIT_RESOURCES, type FigureRef } from '../reporting/explanation';
import type { ValueFormat } from '../reporting/format';
import type { Column, Row } from '../reporting/model';
import { writePeriod, type PeriodState } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { useFormat } from '../reporting/useFormat';
import { usePeriod } from '../reporting/usePeriod';
import { useExplanation, useExplanationRows } from '../reporting/useReport';

/**
 * The explanation of one figure (`/reports/<report>/explain?key=…&bucket=…` and the period in
 * the URL): its definition, the units it counts — each linked to its record, and its child —,
 * the total they give, which is the figure, and the CSV/XLSX of every row.
 */
const SIBLINGS: Record<string, readonly string[]> = {
  'referral-sources': REFERRAL_SOURCES_KEYS,
  'wait-times': WAIT_TIMES_KEYS.filter(key => key !== 'waiting'),
  'active-plans': ACTIVE_PLANS_KEYS,
  'payment-summary': PAYMENT_SUMMARY_KEYS,
};

const CHART_OF: Record<string, string> = {
  'referral-sources': 'app.charts.referral_sources.title',
  'wait-times': 'app.charts.wait_times.title',
  'active-plans': 'app.charts.active_plans.title',
  'payment-summary': 'app.charts.payments.title',
  'csp-measures': 'app.reports.csp.title',
};

/** The series' name in the locale (the chart's legend); the CSP measures' are the ministry's. */
function seriesLabel(report: string, key: string): string {
  if (key === 'total') return 'app.charts.columns.total';
  switch (report) {
    case 'referral-sources':
      return `app.charts.sources.${key}`;
    case 'wait-times':
      return key === 'waiting' ? 'app.charts.wait_times.waiting' : `app.charts.columns.${key === 'initiations' ? 'initiations' : key}`;
    case 'active-plans':
      return `app.charts.programs.${key}`;
    case 'payment-summary':
      return (PAYMENT_KINDS as readonly string[]).includes(key) ? `app.charts.kinds.${key}` : `app.charts.statuses.${key}`;
    default:
      return `app.reports.csp.measures.${key}`;
  }
}

/** How the figure and the contributions read: money, days, or plain numbers. */
function valueFormat(figure: FigureRef): ValueFormat {
  if (figure.report === 'payment-summary' || (figure.report === 'csp-measures' && figure.key === 'expenditures')) return 'money';
  if (figure.report === 'wait-times' && ['mean', 'median', 'p90'].includes(figure.key)) return 'days';
  return 'number';
}

const backUrl = (report: string, period: PeriodState) =>
  `${report === 'csp-measures' ? '/reports/csp-measures' : '/'}?${new URLSearchParams(writePeriod(period)).toString()}`;

const PER_PAGE = [25, 50, 100];
const SORTABLE = ['id', 'child_name', 'date', 'contribution', 'detail'];

const Summary = ({ figure, summary, format }: { figure: FigureRef; summary: ExplanationSummary; format: ValueFormat }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const formatValue = useFormat();
  const total = formatValue(summary.figure, format === 'days' ? 'daysText' : format);
  return (
    <CardContent>
      <Typography variant="subtitle2" component="h3">
        {translate('app.explain.definition')}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {locale === 'fr' && summary.definition_fr ? summary.definition_fr : summary.definition}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate(`app.explain.statistics.${summary.statistic}`, { unit: translate(`app.explain.unit_names.${summary.unit}`) })}
        {summary.as_of && ` ${translate('app.explain.as_of', { date: formatValue(summary.as_of, 'date') })}`}
      </Typography>
      <Typography variant="h6" component="p" role="status" sx={{ mt: 1 }}>
        {translate(`app.explain.figure.${summary.statistic}`, { value: total, smart_count: summary.count })}
      </Typography>
      {SIBLINGS[figure.report] && <Siblings figure={figure} />}
    </CardContent>
  );
};

/** The other series of the same point (a line chart's click opens one of them). */
const Siblings = ({ figure }: { figure: FigureRef }) => {
  const translate = useTranslate();
  const [period] = usePeriod();
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }} component="nav" aria-label={translate('app.explain.siblings')}>
      {SIBLINGS[figure.report].map(key =>
          key === figure.key ? (
            <Typography key={key} variant="body2" component="span" aria-current="page" sx={{ fontWeight: 600 }}>
              {translate(seriesLabel(figure.report, key))}
            </Typography>
          ) : (
            <Link key={key} variant="body2" component={RouterLink} to={explanationUrl({ ...figure, key }, period)}>
              {translate(seriesLabel(figure.report, key))}
            </Link>
          ),
        )}
    </Stack>
  );
};

const Rows = ({ figure, format }: { figure: FigureRef; format: ValueFormat }) => {
  const translate = useTranslate();
  const meta = useMeta();
  const [period] = usePeriod();
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(PER_PAGE[0]);
  const [sort, setSort] = useState<[string, 'ASC' | 'DESC']>(['date', 'ASC']);
  const { data, error, isPending } = useExplanationRows(figure, period, { range: [page * perPage, page * perPage + perPage - 1], sort });
  const readable = (resource: string) => Boolean(findResource(meta, resource)?.permissions.read);
  type Shown = Row & { resource: string; child_id: number | null };
  const columns: Column<Shown>[] = [
    { key: 'unit', label: 'app.explain.columns.unit', format: 'text' },
    {
      key: 'id',
      label: 'app.explain.columns.id',
      format: 'text',
      rowHeader: true,
      link: row => (readable(row.resource) ? recordUrl(row.resource, Number(row.id)) : null),
      linkLabel: 'app.explain.open_record',
    },
    {
      key: 'child_name',
      label: 'app.explain.columns.child',
      format: 'text',
      link: row => (row.child_id !== null && row.child_name && readable('children') ? recordUrl('children', row.child_id) : null),
    },
    { key: 'date', label: 'app.explain.columns.date', format: 'date' },
    { key: 'contribution', label: 'app.explain.columns.contribution', format: format === 'days' ? 'number' : format },
    { key: 'detail', label: 'app.explain.columns.detail', format: 'text', emphasis: 'muted' },
  ];
  if (error) return <Alert severity="error">{(error as Error).message || translate('app.charts.error')}</Alert>;
  if (isPending || !data) return <Skeleton variant="rounded" height={300} />;
  const rows: Shown[] = data.rows.map((row: ExplanationRow) => ({
    unit: `app.explain.units.${row.unit}`,
    resource: UNIT_RESOURCES[row.unit],
    id: String(row.id),
    child_id: row.child_id,
    child_name: row.child_name ?? (row.child_id !== null ? translate('app.explain.child_hidden') : null),
    date: row.date,
    contribution: row.contribution,
    detail: row.detail,
  }));
  const onSort = (field: string) => {
    setSort(([current, order]) => [field, current === field && order === 'ASC' ? 'DESC' : 'ASC']);
    setPage(0);
  };
  return (
    <>
      <ReportTable table={{ title: 'app.explain.rows', columns, rows }} variant="page" sort={{ field: sort[0], order: sort[1], fields: SORTABLE, onSort }} />
      <TablePagination
        component="div"
        count={data.total}
        page={page}
        rowsPerPage={perPage}
        rowsPerPageOptions={PER_PAGE}
        onPageChange={(_, next) => setPage(next)}
        onRowsPerPageChange={event => {
          setPerPage(Number(event.target.value));
          setPage(0);
        }}
        labelRowsPerPage={translate('ra.navigation.page_rows_per_page')}
        labelDisplayedRows={({ from, to, count }) => translate('app.explain.displayed', { from, to, count })}
      />
    </>
  );
};

export const ExplanationPage = () => {
  const translate = useTranslate();
  const formatValue = useFormat();
  const dataProvider = usePortalDataProvider();
  const { report } = useParams();
  const [params] = useSearchParams();
  const [period] = usePeriod();
  const figure = readFigure(report, params) ?? { report: report ?? 'csp-measures', key: '' };
  const { data: summary, error, isPending } = useExplanation(figure, period);
  const format = valueFormat(figure);
  const name =
    figure.report === 'csp-measures' ? translate(seriesLabel(figure.report, figure.key), { _: summary?.title ?? '' }) : translate(seriesLabel(figure.report, figure.key));
  const bucket = figure.bucket ? (isDaysBucket(figure.bucket) ? translate('app.explain.days_bucket', { bucket: figure.bucket }) : formatValue(figure.bucket, 'period')) : null;
  const chart = figure.report === 'csp-measures' ? null : `${translate(CHART_OF[figure.report] ?? 'app.dashboard.title')} —`;
  const title = translate('app.explain.title', { figure: [chart, [name, bucket].filter(Boolean).join(', ')].filter(Boolean).join(' ') });
  const { data: organization } = useGetOne('organizations', { id: period.organizationId ?? 0 }, { enabled: period.organizationId !== null });
  return (
    <Box sx={{ py: 2 }}>
      <Title title={title} />
      <Button component={RouterLink} to={backUrl(figure.report, period)} startIcon={<ArrowBackIcon />} size="small" sx={{ mb: 1 }}>
        {translate(CHART_OF[figure.report] ?? 'app.dashboard.title')}
      </Button>
      <Typography variant="h5" component="h2">
        {title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.explain.period', { from: formatValue(period.from, 'date'), to: formatValue(period.to, 'date') })}
        {organization ? ` · ${organization.name}` : ''}
      </Typography>
      {error ? (
        <Alert severity="error">{(error as Error).message || translate('app.charts.error')}</Alert>
      ) : (
        <>
          <Card sx={{ mb: 2 }}>{isPending || !summary ? <Skeleton variant="rounded" height={160} /> : <Summary figure={figure} summary={summary} format={format} />}</Card>
          <Card component="section" aria-label={translate('app.explain.rows')}>
            <CardContent sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', pb: 0 }}>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                {translate('app.explain.rows')}
              </Typography>
              <DownloadButtons
                what={title}
                start={(downloadFormat, onProgress) =>
                  dataProvider.download(`reports/${figure.report}/records`, { query: explanationParams(figure, period) }, downloadFormat, onProgress)
                }
              />
            </CardContent>
            <Rows figure={figure} format={format} />
          </Card>
        </>
      )}
    </Box>
  );
};
