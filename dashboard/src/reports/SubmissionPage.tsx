import { Alert, Box, Button, Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { SubmissionDrift, SubmissionMeasures } from '../../../contract/submissions';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import type { TableSpec } from '../reporting/model';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';
import { differenceText, MeasureDifferences } from './SubmissionDifferences';
import { measureName, submissionTitle, t } from './submissionText';
import { WithdrawButton } from './WithdrawButton';
import { PageHeading } from '../common/PageHeading';

type MeasureRow = { key: string; name: string; submitted: number | null; live: number | null; difference: string };

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
  const title = submissionTitle(submission, translate);
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
        name: measureName(m, translate),
        submitted: m.value,
        live: d ? d.after : null,
        difference: differenceText(d, translate),
      };
    }),
  };
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={title} />
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
          <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap', alignItems: 'center' }} useFlexGap>
            <DownloadButtons what={title} start={(fmt, onProgress) => dataProvider.download(`report_submissions/${id}/download`, { query: {} }, fmt, onProgress)} />
            <Button variant="outlined" component={RouterLink} to={`/submissions/${submission.id}/print`}>
              {translate(t('print_view'))}
            </Button>
            {submission.revision > 1 && (
              <Button variant="outlined" component={RouterLink} to={`/submissions/${submission.id}/changes`}>
                {translate(t('changes_link'), { revision: submission.revision - 1 })}
              </Button>
            )}
            {!submission.withdrawn_at && <WithdrawButton submission={submission} />}
          </Stack>
        </CardContent>
      </Card>
      {id && <MeasureDifferences id={id} view="drift" table={table} recordsAria={t('show_records_aria')} rowsTitle={name => translate(t('drift_rows'), { name })} />}
    </Box>
  );
};
