import { Alert, Box, Button, Card, CardContent, CardHeader, Skeleton, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { DifferenceRow, SubmissionDrift, SubmissionMeasures } from '../../../contract/submissions';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { recordUrl, UNIT_RESOURCES } from '../reporting/explanation';
import type { Column, Row, TableSpec } from '../reporting/model';
import { fiscalYearLabel } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';

const t = (key: string) => `app.submissions.${key}`;

type MeasureRow = { key: string; name: string; submitted: number | null; live: number | null; difference: string };

/** The first rows shown of a measure's difference; the download of today's rows has them all. */
const SHOWN = 100;

/** The records of one measure counted today and not then, or then and not today, each linked to its record. */
const DriftRows = ({ id, measure, name }: { id: string; measure: string; name: string }) => {
  const translate = useTranslate();
  const meta = useMeta();
  const { data, error, isPending } = useComputed<DifferenceRow[]>(`report_submissions/${id}/drift/rows`, { key: measure, range: [0, SHOWN - 1] });
  const readable = (resource: string) => Boolean(findResource(meta, resource)?.permissions.read);
  type Shown = Row & { resource: string };
  const columns: Column<Shown>[] = [
    { key: 'change', label: t('columns.change'), format: 'text' },
    { key: 'unit', label: 'app.explain.columns.unit', format: 'text' },
    { key: 'id', label: 'app.explain.columns.id', format: 'text', rowHeader: true, link: row => (readable(row.resource) ? recordUrl(row.resource, Number(row.id)) : null), linkLabel: 'app.explain.open_record' },
    { key: 'child_name', label: 'app.explain.columns.child', format: 'text' },
    { key: 'date', label: 'app.explain.columns.date', format: 'date' },
    { key: 'before_contribution', label: t('columns.before_contribution'), format: 'number' },
    { key: 'after_contribution', label: t('columns.after_contribution'), format: 'number' },
    { key: 'detail', label: 'app.explain.columns.detail', format: 'text', emphasis: 'muted' },
  ];
  const title = translate(t('drift_rows'), { name });
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={title}>
      <CardHeader title={title} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
      <CardContent>
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {isPending && <Skeleton variant="rounded" height={200} />}
        {data && (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate(t('drift_rows_count'), { shown: data.data.length, total: data.total ?? data.data.length })}
            </Typography>
            <ReportTable
              table={{
                title,
                columns,
                rows: data.data.map(row => ({
                  change: t(`changes.${row.change}`),
                  unit: `app.explain.units.${row.unit}`,
                  resource: UNIT_RESOURCES[row.unit],
                  id: String(row.id),
                  child_name: row.child_name ?? (row.child_id !== null ? translate('app.explain.child_hidden') : null),
                  date: row.date,
                  before_contribution: row.before_contribution,
                  after_contribution: row.after_contribution,
                  detail: row.detail,
                })),
              }}
              variant="page"
            />
          </>
        )}
      </CardContent>
    </Card>
  );
};

/**
 * One submission as it was frozen — who, when, its signature and whether the stored content
 * still gives it — and each measure beside today's number, with the rows added or removed since.
 */
export const SubmissionPage = () => {
  const { id } = useParams();
  const translate = useTranslate();
  const format = useFormat();
  const dataProvider = usePortalDataProvider();
  const measures = useComputed<SubmissionMeasures>(`report_submissions/${id}/measures`, {});
  const drift = useComputed<SubmissionDrift>(`report_submissions/${id}/drift`, {});
  const [opened, setOpened] = useState<MeasureRow | null>(null);
  const answer = measures.data?.data;
  const error = measures.error ?? drift.error;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!answer) return <Skeleton variant="rounded" height={400} />;
  const { submission } = answer;
  const title = translate(t('show_title'), {
    period: translate(t(`periods.${submission.period}`)),
    year: fiscalYearLabel(submission.fiscal_year),
    revision: submission.revision,
  });
  const today = new Map((drift.data?.data.measures ?? []).map(m => [m.key, m]));
  const table: TableSpec<MeasureRow> = {
    title: t('measures'),
    columns: [
      { key: 'name', label: t('columns.measure'), format: 'text', rowHeader: true },
      { key: 'submitted', label: t('columns.submitted'), format: 'number', emphasis: 'strong' },
      { key: 'live', label: t('columns.live'), format: 'number' },
      { key: 'difference', label: t('columns.difference'), format: 'text' },
    ],
    rows: answer.measures.map(m => {
      const d = today.get(m.key);
      return {
        key: m.key,
        name: translate(`app.reports.csp.measures.${m.key}`, { _: m.name }),
        submitted: m.value,
        live: d ? d.after : null,
        difference: !d ? '…' : d.changed ? translate(t('rows_changed'), { added: d.added, removed: d.removed, changed: d.contribution_changed }) : translate(t('unchanged')),
      };
    }),
  };
  return (
    <Box sx={{ py: 2 }}>
      <Title title={title} />
      <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="body2">
            {translate(t('signed'), { name: submission.submitted_by_name, date: format(submission.submitted_at.slice(0, 10), 'date'), time: submission.submitted_at })}
          </Typography>
          {submission.reason && <Typography variant="body2">{translate(t('reason_shown'), { reason: submission.reason })}</Typography>}
          {submission.note && <Typography variant="body2">{translate(t('note_shown'), { note: submission.note })}</Typography>}
          <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', mt: 1 }}>
            {translate(t('digest'), { digest: submission.digest })}
          </Typography>
          <Alert severity={answer.digest_verified ? 'success' : 'error'} sx={{ mt: 1 }}>
            {translate(t(answer.digest_verified ? 'verified' : 'not_verified'))}
          </Alert>
          {!answer.current && (
            <Alert severity="info" sx={{ mt: 1 }}>
              {translate(t(submission.withdrawn_at ? 'withdrawn' : 'superseded'), { reason: submission.withdrawal_reason ?? '' })}
            </Alert>
          )}
          <Box sx={{ mt: 2 }}>
            <DownloadButtons what={title} start={(fmt, onProgress) => dataProvider.download(`report_submissions/${id}/download`, { query: {} }, fmt, onProgress)} />
          </Box>
        </CardContent>
      </Card>
      <Card>
        <ReportTable
          table={table}
          variant="page"
          rowAction={{
            label: t('show_records'),
            ariaLabel: row => translate(t('show_records_aria'), { name: row.name }),
            onClick: row => setOpened(row),
            isSelected: row => row.key === opened?.key,
          }}
        />
      </Card>
      {opened && id && <DriftRows key={opened.key} id={id} measure={opened.key} name={opened.name} />}
      <Box sx={{ mt: 2, displayPrint: 'none' }}>
        <Button variant="outlined" onClick={() => window.print()}>
          {translate(t('print'))}
        </Button>
      </Box>
    </Box>
  );
};
