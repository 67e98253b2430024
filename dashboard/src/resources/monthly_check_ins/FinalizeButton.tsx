import SendIcon from '@mui/icons-material/Send';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Confirm, useRecordContext, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { availableActions } from '../../generic/WorkflowButtons';
import { useMetaResource } from '../../meta/MetaContext';
import { RESOURCE, useFinalizeCheckIn } from './useFinalizeCheckIn';

/** Shown only when the caller may finalize this check-in now (meta action `finalize`). */
function useCanFinalize(): boolean {
  const record = useRecordContext();
  const declared = useMetaResource(RESOURCE);
  return Boolean(declared && availableActions(declared.actions, record).some(a => a.name === 'finalize'));
}

const FinalizeConfirm = ({ open, busy, onClose, onConfirm }: { open: boolean; busy: boolean; onClose: () => void; onConfirm: () => void }) => (
  <Confirm
    isOpen={open}
    loading={busy}
    title="app.check_ins.finalize_title"
    content="app.check_ins.finalize_content"
    confirm="app.check_ins.finalize"
    onClose={onClose}
    onConfirm={onConfirm}
  />
);

function FinalizeTrigger({ onClick }: { onClick: () => void }) {
  const translate = useTranslate();
  return (
    <Button variant="contained" color="primary" startIcon={<SendIcon />} onClick={onClick} sx={{ ml: 1 }}>
      {translate('app.check_ins.finalize')}
    </Button>
  );
}

/** In the edit form: saves what is on screen, then finalizes. */
export const FinalizeFormButton = () => {
  const record = useRecordContext();
  const form = useFormContext();
  const { finalize, busy } = useFinalizeCheckIn();
  const [open, setOpen] = useState(false);
  const allowed = useCanFinalize();
  if (!allowed || !record) return null;
  const confirm = form.handleSubmit(async values => {
    const errors = await finalize(record, values);
    setOpen(false);
    for (const [field, message] of Object.entries(errors ?? {})) form.setError(field, { type: 'server', message });
  });
  return (
    <>
      <FinalizeTrigger onClick={() => setOpen(true)} />
      <FinalizeConfirm open={open} busy={busy} onClose={() => setOpen(false)} onConfirm={() => confirm()} />
    </>
  );
};

/** On the check-in's page: finalizes the saved draft as it is. */
export const FinalizeRecordButton = () => {
  const record = useRecordContext();
  const { finalize, busy } = useFinalizeCheckIn();
  const [open, setOpen] = useState(false);
  const allowed = useCanFinalize();
  if (!allowed || !record) return null;
  return (
    <>
      <FinalizeTrigger onClick={() => setOpen(true)} />
      <FinalizeConfirm
        open={open}
        busy={busy}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          await finalize(record);
          setOpen(false);
        }}
      />
    </>
  );
};
