import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import type { ReportSubmission } from '../../../contract/submissions';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { t } from './submissionText';

/**
 * A system administrator's withdrawal of a submission (the `withdraw` action of
 * report_submissions), with its required reason: the button shows only to whom the server
 * allows the action, and the page reloads its answers once it is done.
 */
export const WithdrawButton = ({ submission }: { submission: ReportSubmission }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const meta = useMeta();
  const dataProvider = usePortalDataProvider();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => dataProvider.action('report_submissions', submission.id, 'withdraw', { reason: reason.trim() }),
    onSuccess: async () => {
      notify(t('withdrawn_done'), { type: 'success' });
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['computed'] });
    },
  });
  const allowed = findResource(meta, 'report_submissions')?.actions.some(action => action.name === 'withdraw' && action.allowed);
  if (!allowed) return null;
  return (
    <>
      <Button variant="outlined" color="error" onClick={() => setOpen(true)}>
        {translate(t('withdraw'))}
      </Button>
      {open && (
        <Dialog open onClose={() => setOpen(false)} aria-labelledby={titleId} fullWidth>
          <DialogTitle id={titleId}>{translate(t('withdraw_title'), { revision: submission.revision })}</DialogTitle>
          <DialogContent>
            <Typography variant="body2" sx={{ mb: 2 }}>
              {translate(t('withdraw_intro'))}
            </Typography>
            <TextField label={translate(t('withdraw_reason'))} value={reason} onChange={e => setReason(e.target.value)} required fullWidth multiline />
            {withdraw.error && (
              <Alert severity="error" sx={{ mt: 2 }}>
                {(withdraw.error as Error).message}
              </Alert>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
            <Button variant="contained" color="error" onClick={() => withdraw.mutate()} disabled={withdraw.isPending || reason.trim() === ''}>
              {translate(t('withdraw'))}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
};
