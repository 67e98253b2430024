import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useGetList, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { placeBelow, type CardRecord } from '../dashboards/layout';
import { useMeta } from '../meta/MetaContext';

const NEW = 'new';

/**
 * "Add to dashboard": one of the user's own dashboards (the one the builder was opened from
 * first) or a new one; the card goes under the others, and the dashboard opens.
 */
export const AddToDashboardDialog = ({ open, questionId, preferred, onClose }: { open: boolean; questionId: number; preferred: number | null; onClose: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const navigate = useNavigate();
  const meta = useMeta();
  const { data: dashboards = [] } = useGetList('dashboards', { pagination: { page: 1, perPage: 200 }, sort: { field: 'title', order: 'ASC' }, filter: { owner_id: meta?.user.id } }, { enabled: open && Boolean(meta) });
  const [choice, setChoice] = useState<string>(preferred ? String(preferred) : NEW);
  const [title, setTitle] = useState('');
  const [adding, setAdding] = useState(false);
  const selected = dashboards.some(d => String(d.id) === choice) ? choice : NEW;

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setAdding(true);
    try {
      const dashboardId = selected === NEW ? Number((await dataProvider.create('dashboards', { data: { title } })).data.id) : Number(selected);
      const { data: cards } = await dataProvider.getList<CardRecord>('dashboard_cards', {
        filter: { dashboard_id: dashboardId },
        pagination: { page: 1, perPage: 1000 },
        sort: { field: 'y', order: 'ASC' },
      });
      await dataProvider.create('dashboard_cards', { data: { dashboard_id: dashboardId, question_id: questionId, ...placeBelow(cards) } });
      notify('app.bi.builder.added', { type: 'success' });
      navigate(`/dashboards/${dashboardId}/show`);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      setAdding(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="add-to-dashboard-title">
      <form onSubmit={add}>
        <DialogTitle id="add-to-dashboard-title">{translate('app.bi.builder.add_to_dashboard')}</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <DialogContentText>{translate('app.bi.builder.add_hint')}</DialogContentText>
          <TextField select label={translate('app.bi.builder.dashboard')} value={selected} onChange={e => setChoice(e.target.value)}>
            {dashboards.map(d => (
              <MenuItem key={d.id} value={String(d.id)}>
                {d.title}
              </MenuItem>
            ))}
            <MenuItem value={NEW}>{translate('app.bi.builder.new_dashboard')}</MenuItem>
          </TextField>
          {selected === NEW && (
            <TextField required label={translate('app.bi.builder.new_dashboard_title')} value={title} onChange={e => setTitle(e.target.value)} slotProps={{ htmlInput: { maxLength: 200 } }} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={adding || (selected === NEW && !title.trim())}>
            {translate('app.bi.builder.add')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
