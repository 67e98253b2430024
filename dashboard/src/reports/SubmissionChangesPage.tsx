import { Alert, Box, Button, Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { SubmissionChanges, SubmissionMeasures } from '../../../contract/submissions';
import type { TableSpec } from '../reporting/model';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';
import { differenceText, MeasureDifferences } from './SubmissionDifferences';
import { measureName, submissionTitle, t } from './submissionText';
import { PageHeading } from '../common/PageHeading';

type ChangeRow = { key: string; name: string; before: number | null; after: number | null; difference: string };

/**
 * What a resubmission changed from the revision before it (GET /api/report_submissions/:id/changes):
 * each measure in both revisions, how many of its records differ, and those records.
 */
export const SubmissionChangesPage = () => {
  const { id } = useParams();
  const translate = useTranslate();
  const format = useFormat();
  const measures = useComputed<SubmissionMeasures>(`report_submissions/${id}/measures`, {});
  const changes = useComputed<SubmissionChanges>(`report_submissions/${id}/changes`, {});
  const error = measures.error ?? changes.error;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const submission = measures.data?.data.submission;
  const answer = changes.data?.data;
  if (!submission || !answer) return <Skeleton variant="rounded" height={400} />;
  const title = translate(t('changes_title'), { title: submissionTitle(submission, translate) });
  const previous = answer.previous;
  const table: TableSpec<ChangeRow> = {
    title: t('changes_table'),
    columns: [
      { key: 'name', label: t('columns.measure'), format: 'text', rowHeader: true },
      { key: 'before', label: t('columns.changes_before'), format: 'number' },
      { key: 'after', label: t('columns.changes_after'), format: 'number', emphasis: 'strong' },
      { key: 'difference', label: t('columns.difference_revisions'), format: 'text' },
    ],
    rows: answer.measures.map(m => ({ key: m.key, name: measureName(m, translate), before: m.before, after: m.after, difference: differenceText(m, translate) })),
  };
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={title} />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          {previous ? (
            <Typography variant="body2">
              {translate(t('changes_previous'), { revision: previous.revision, name: previous.submitted_by_name, date: format(previous.submitted_at.slice(0, 10), 'date') })}
            </Typography>
          ) : (
            <Alert severity="info">{translate(t('first_revision'))}</Alert>
          )}
          {answer.reason && <Typography variant="body2">{translate(t('reason_shown'), { reason: answer.reason })}</Typography>}
          <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
            <Button variant="outlined" component={RouterLink} to={`/submissions/${submission.id}`}>
              {translate(t('back_to_submission'))}
            </Button>
            {previous && (
              <Button variant="outlined" component={RouterLink} to={`/submissions/${previous.id}`}>
                {translate(t('open_revision'), { revision: previous.revision })}
              </Button>
            )}
          </Stack>
        </CardContent>
      </Card>
      {previous && id && (
        <MeasureDifferences
          id={id}
          view="changes"
          table={table}
          recordsAria={t('changes_records_aria')}
          rowsTitle={name => translate(t('changes_rows'), { name, revision: previous.revision })}
        />
      )}
    </Box>
  );
};
