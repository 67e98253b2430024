import { Alert, Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Skeleton, TextField, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { SubmissionStatusAnswer, SubmissionStatusRow } from '../../../contract/submissions';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { fiscalYearChoices, fiscalYearLabel, fiscalYearOf } from '../reporting/period';
import type { TableSpec } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';
import { useComputed } from '../reporting/useComputed';
import { useFormat } from '../reporting/useFormat';
import { t } from './submissionText';
import { PageHeading } from '../common/PageHeading';

type StatusRow = { index: number; organization: string; period_label: string; submission_id: number | null; status: string; due_on: string };

/** Submit (or resubmit, with its reason) one period of the caller's organisation. */
const SubmitDialog = ({ row, onClose }: { row: SubmissionStatusRow; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const resubmission = row.current !== null;
  const submit = useMutation({
    mutationFn: () => dataProvider.submitMeasures({ fiscal_year: row.fiscal_year, period: row.period, note: note || null, reason: resubmission ? reason : null }),
    onSuccess: async () => {
      notify(t('submitted'), { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['computed'] });
      onClose();
    },
  });
  const title = translate(t(resubmission ? 'resubmit_title' : 'submit_title'), { period: translate(t(`periods.${row.period}`)), year: fiscalYearLabel(row.fiscal_year) });
  return (
    <Dialog open onClose={onClose} aria-labelledby="submit-title" fullWidth>
      <DialogTitle id="submit-title">{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate(t('frozen_intro'))}
        </Typography>
        {resubmission && (
          <TextField label={translate(t('reason'))} value={reason} onChange={e => setReason(e.target.value)} required fullWidth multiline sx={{ mb: 2 }} />
        )}
        <TextField label={translate(t('note'))} value={note} onChange={e => setNote(e.target.value)} fullWidth multiline />
        {submit.error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {(submit.error as Error).message}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={() => submit.mutate()} disabled={submit.isPending || (resubmission && reason.trim() === '')}>
          {translate(t(resubmission ? 'resubmit' : 'submit'))}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * The submissions of the CSP measures for a fiscal year: per organisation and period, whether
 * and when it was submitted, when it is due; an organisation's submitters submit from here.
 */
export const SubmissionsPage = () => {
  const translate = useTranslate();
  const format = useFormat();
  const meta = useMeta();
  const dueDatesReadable = Boolean(findResource(meta, 'submission_due_dates')?.permissions.read);
  const today = new Date().toISOString().slice(0, 10);
  const [fiscalYear, setFiscalYear] = useState(fiscalYearOf(today) - 1);
  const [submitting, setSubmitting] = useState<SubmissionStatusRow | null>(null);
  const { data, isPending, error } = useComputed<SubmissionStatusAnswer>('report_submissions/status', { fiscal_year: fiscalYear });
  const answer = data?.data;
  const statusTable = (status: SubmissionStatusAnswer): TableSpec<StatusRow> => ({
    title: t('title'),
    columns: [
      { key: 'organization', label: t('columns.organization'), format: 'text', rowHeader: true },
      { key: 'period_label', label: t('columns.period'), format: 'text' },
      { key: 'status', label: t('columns.status'), format: 'text', link: row => (row.submission_id ? `/submissions/${row.submission_id}` : null) },
      { key: 'due_on', label: t('columns.due_on'), format: 'date' },
    ],
    rows: status.rows.map((row, index) => ({
      index,
      organization: row.organization_name,
      period_label: translate(t(`periods.${row.period}`)),
      submission_id: row.current?.id ?? null,
      status: row.current
        ? translate(t(`statuses.${row.status}`), { revision: row.current.revision, date: format(row.current.submitted_at.slice(0, 10), 'date'), name: row.current.submitted_by_name })
        : translate(t(row.overdue ? 'overdue' : 'statuses.not_submitted')),
      due_on: row.due_on,
    })),
  });
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={translate(t('title'))} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate(t('intro'))}
      </Typography>
      <Card sx={{ mb: 2 }}>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField select label={translate('app.period.fiscal_year')} value={fiscalYear} onChange={e => setFiscalYear(Number(e.target.value))} size="small">
            {fiscalYearChoices(today).map(year => (
              <MenuItem key={year} value={year}>
                {fiscalYearLabel(year)}
              </MenuItem>
            ))}
          </TextField>
          {/* the due dates have no menu entry of their own: they are read and set from here */}
          {dueDatesReadable && (
            <Button variant="outlined" component={RouterLink} to="/submission_due_dates">
              {translate(t('due_dates'))}
            </Button>
          )}
        </CardContent>
      </Card>
      {isPending && <Skeleton variant="rounded" height={200} />}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {answer && (
        <Card>
          <ReportTable
            table={statusTable(answer)}
            variant="page"
            rowAction={
              answer.may_submit
                ? {
                    label: t('submit'),
                    ariaLabel: row => translate(t('submit_aria'), { period: row.period_label, organization: row.organization }),
                    onClick: row => setSubmitting(answer.rows[row.index as number]),
                  }
                : undefined
            }
          />
        </Card>
      )}
      {submitting && <SubmitDialog row={submitting} onClose={() => setSubmitting(null)} />}
    </Box>
  );
};
