import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useRef, useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { QuestionSpec, Visualization } from '../../../contract/questions';
import { fieldErrors, SharingFields, type SharingValue } from '../common/SharingFields';
import { fieldLabel } from '../meta/fields';

export interface SavedQuestion extends SharingValue {
  id: number;
  title: string;
  description: string | null;
}

/** "Save as question": its title, description and who it is shared with; an existing question is updated. */
export const SaveQuestionDialog = ({
  open,
  saved,
  spec,
  visualization,
  onClose,
  onSaved,
}: {
  open: boolean;
  saved: SavedQuestion | null;
  spec: QuestionSpec;
  visualization: Visualization;
  onClose: () => void;
  onSaved: (question: SavedQuestion) => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const [title, setTitle] = useState(saved?.title ?? '');
  const [description, setDescription] = useState(saved?.description ?? '');
  const [sharing, setSharing] = useState<SharingValue>({ shared_with: saved?.shared_with ?? 'private', shared_roles: saved?.shared_roles ?? [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const data = { title, description: description || null, spec, visualization, ...sharing };
    try {
      const { data: record } = saved
        ? await dataProvider.update('questions', { id: saved.id, data, previousData: saved })
        : await dataProvider.create('questions', { data });
      notify('app.bi.builder.saved', { type: 'success', messageArgs: { title } });
      onSaved(record as SavedQuestion);
    } catch (error) {
      setErrors(fieldErrors(error));
      notify((error as Error).message, { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="save-question-title"
      // MUI focuses the dialog's surface once it has opened, after any autoFocus: the title field takes it back then
      slotProps={{ transition: { onEntered: () => titleRef.current?.focus() } }}
    >
      <form onSubmit={save}>
        <DialogTitle id="save-question-title">{translate(saved ? 'app.bi.builder.save_changes' : 'app.bi.builder.save_as')}</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField
            inputRef={titleRef}
            required
            label={fieldLabel(translate, 'questions', 'title')}
            value={title}
            onChange={e => setTitle(e.target.value)}
            error={Boolean(errors.title)}
            helperText={errors.title}
            slotProps={{ htmlInput: { maxLength: 200 } }}
          />
          <TextField
            multiline
            minRows={2}
            label={fieldLabel(translate, 'questions', 'description')}
            value={description}
            onChange={e => setDescription(e.target.value)}
            error={Boolean(errors.description)}
            helperText={errors.description ?? errors.spec}
          />
          <SharingFields resource="questions" value={sharing} onChange={setSharing} errors={errors} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={saving || !title.trim()}>
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
