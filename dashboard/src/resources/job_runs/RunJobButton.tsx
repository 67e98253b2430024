import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { DateInput, Form, SelectInput, required, useNotify, useRefresh, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../common/usePortalDataProvider';
import { humanize } from '../../meta/fields';
import { formatDateValue, parseDateValue } from '../../meta/format';
import { useMeta } from '../../meta/MetaContext';

/** Runs a job by hand (POST /api/jobs/<name>/run), optionally as of a date, and says how it went. */
export const RunJobButton = () => {
  const meta = useMeta();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = usePortalDataProvider();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const jobs = meta?.jobs ?? [];
  if (jobs.length === 0) return null;

  const run = async (values: Record<string, any>) => {
    setBusy(true);
    try {
      const result = await dataProvider.runJob(values.job, { as_of: values.as_of ?? undefined });
      notify('app.jobs.done', { type: result.status === 'failed' ? 'warning' : 'success', messageArgs: { job: values.job, status: result.status } });
      setOpen(false);
      refresh();
    } catch (error: any) {
      notify(error?.message || 'app.actions.failed', { type: 'error', messageArgs: { action: values.job } });
      return error?.body?.errors;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<PlayCircleIcon />} onClick={() => setOpen(true)}>
        {translate('app.jobs.run')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="run-job-title" fullWidth maxWidth="sm">
        <Form onSubmit={run as any} record={{ job: jobs[0] }}>
          <DialogTitle id="run-job-title">{translate('app.jobs.run')}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('app.jobs.explain')}</DialogContentText>
            <SelectInput
              source="job"
              label="app.fields.job"
              choices={jobs.map(job => ({ id: job, name: translate(`app.jobs.names.${job}`, { _: humanize(job) }) }))}
              translateChoice={false}
              validate={required()}
            />
            <DateInput source="as_of" label="app.fields.as_of" format={formatDateValue} parse={parseDateValue} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
            <Button type="submit" variant="contained" disabled={busy}>
              {translate('app.jobs.run')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};
