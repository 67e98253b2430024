import { Alert, Box, Button, GlobalStyles, Skeleton, Stack, Typography } from '@mui/material';
import { useGetOne, useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { SubmissionMeasures } from '../../../contract/submissions';
import type { TableSpec } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';
import { measureDefinition, measureName, submissionTitle, t } from './submissionText';

type PrintedMeasure = { key: string; name: string; value: number | null; definition: string };

/** A printed page: A4 margins, black on white, the screen's tools left out. */
const PRINT_STYLES = { '@page': { size: 'A4', margin: '15mm' }, '@media print': { body: { background: '#fff', color: '#000' } } };

/**
 * A submission as a document of its own, outside the portal's menu and bar (a route without
 * the layout): organisation, period, revision, submitter and time, reason and note, the
 * signature and whether the stored content still gives it, and every measure with its
 * definition — what a printed or PDF copy sent to the ministry carries.
 */
export const SubmissionPrintPage = () => {
  const { id } = useParams();
  const translate = useTranslate();
  const format = useFormat();
  const [locale] = useLocaleState();
  const measures = useComputed<SubmissionMeasures>(`report_submissions/${id}/measures`, {});
  const answer = measures.data?.data;
  const organization = useGetOne('organizations', { id: answer?.submission.organization_id }, { enabled: Boolean(answer) });
  if (measures.error) return <Alert severity="error">{(measures.error as Error).message}</Alert>;
  if (!answer) return <Skeleton variant="rounded" height={400} />;
  const { submission } = answer;
  const title = submissionTitle(submission, translate);
  const table: TableSpec<PrintedMeasure> = {
    title: t('measures_submitted'),
    columns: [
      { key: 'key', label: 'app.reports.csp.columns.key', format: 'text', emphasis: 'code' },
      { key: 'name', label: t('columns.measure'), format: 'text', rowHeader: true },
      { key: 'value', label: t('columns.submitted'), format: 'number', emphasis: 'strong' },
      { key: 'definition', label: 'app.reports.csp.columns.definition', format: 'text', emphasis: 'muted' },
    ],
    rows: answer.measures.map(m => ({ key: m.key, name: measureName(m, translate), value: m.value, definition: measureDefinition(m, locale) })),
  };
  const line = (text: string) => (
    <Typography variant="body2" component="p">
      {text}
    </Typography>
  );
  return (
    <Box component="main" sx={{ p: 3, maxWidth: 1000, mx: 'auto', '@media print': { p: 0, maxWidth: 'none' } }}>
      <GlobalStyles styles={PRINT_STYLES} />
      <Stack direction="row" spacing={1} sx={{ mb: 2, displayPrint: 'none' }}>
        <Button variant="contained" onClick={() => window.print()}>
          {translate(t('print'))}
        </Button>
        <Button variant="outlined" component={RouterLink} to={`/submissions/${submission.id}`}>
          {translate(t('back_to_submission'))}
        </Button>
      </Stack>
      <Typography variant="h5" component="h1">
        {translate(t('title'))}
      </Typography>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Box component="section" aria-label={translate(t('print_who'))} sx={{ mb: 2 }}>
        {line(translate(t('print_organization'), { name: organization.data?.name ?? `#${submission.organization_id}` }))}
        {line(translate(t('print_period'), { from: format(submission.period_from, 'date'), to: format(submission.period_to, 'date'), as_of: format(submission.as_of, 'date') }))}
        {line(translate(t('print_revision'), { revision: submission.revision }))}
        {line(translate(t('signed'), { name: submission.submitted_by_name, date: format(submission.submitted_at.slice(0, 10), 'date'), time: submission.submitted_at }))}
        {submission.reason && line(translate(t('reason_shown'), { reason: submission.reason }))}
        {submission.note && line(translate(t('note_shown'), { note: submission.note }))}
        <Typography variant="body2" component="p" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {translate(t('digest'), { digest: submission.digest })}
        </Typography>
        {line(translate(t(answer.digest_verified ? 'verified' : 'not_verified')))}
        {!answer.current && line(translate(t(submission.withdrawn_at ? 'withdrawn' : 'superseded'), { reason: submission.withdrawal_reason ?? '' }))}
      </Box>
      <ReportTable table={table} variant="page" />
    </Box>
  );
};
