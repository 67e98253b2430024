import { Alert, Box, Card, CardContent, Skeleton, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { SubmissionDrift, SubmissionMeasures } from '../../../contract/submissions';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import type { TableSpec } from '../reporting/model';
import { fiscalYearLabel } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';

const t = (key: string) => `app.submissions.${key}`;

type MeasureRow = { name: string; submitted: number | null; live: number | null; difference: string };

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
        <ReportTable table={table} variant="page" />
      </Card>
    </Box>
  );
};
