import EditIcon from '@mui/icons-material/Edit';
import { Box, Button, Card, CardContent, CardHeader, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, LinearProgress, Typography } from '@mui/material';
import { useState } from 'react';
import {
  CreateBase,
  Form,
  ListBase,
  Pagination,
  ReferenceField,
  SaveButton,
  SimpleForm,
  TextInput,
  required,
  useCanAccess,
  useGetIdentity,
  useGetOne,
  useListContext,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUpdate,
  type RaRecord,
} from 'react-admin';
import { canEditLogEntry } from '../../../../contract/rules';
import { API_URL } from '../../api/http';
import { EmptyState } from '../../common/EmptyState';
import { formatDateTime } from '../../meta/format';

const ENTRIES = 'daily_log_entries';

/**
 * An entry's whole text, read when asked for: list rows carry only `body_preview` and
 * `body_length` (an entry may be 50 MB). Until it arrives, `body` is undefined.
 */
const useEntryText = (entry: RaRecord, enabled: boolean) => {
  const { data } = useGetOne(ENTRIES, { id: entry.id }, { enabled });
  return { record: data, body: typeof data?.body === 'string' ? (data.body as string) : undefined };
};

const EditEntryDialog = ({ entry, onClose }: { entry: RaRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate();
  const { record, body } = useEntryText(entry, true);
  const save = async (values: Record<string, unknown>) => {
    try {
      const data = { body: values.body, version: record?.version };
      await update(ENTRIES, { id: entry.id, data, previousData: record }, { mutationMode: 'pessimistic', returnPromise: true });
      notify('ra.notification.updated', { type: 'success', messageArgs: { smart_count: 1 } });
      onClose();
    } catch (error: any) {
      notify(error?.message || 'app.actions.failed', { type: 'error' });
      return error?.body?.errors;
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="edit-entry-title">
      <Form record={{ id: entry.id, body }} onSubmit={save as any}>
        <DialogTitle id="edit-entry-title">{translate('app.daily_logs.edit_entry')}</DialogTitle>
        <DialogContent>
          {body === undefined ? (
            <LinearProgress aria-label={translate('app.daily_logs.loading_text')} />
          ) : (
            <TextInput source="body" label="app.fields.body" resource={ENTRIES} multiline minRows={6} fullWidth validate={required()} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || body === undefined}>
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
};

const Entry = ({ entry, editable }: { entry: RaRecord; editable: boolean }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [expanded, setExpanded] = useState(false);
  const [editing, setEditing] = useState(false);
  const preview = String(entry.body_preview ?? '');
  const length = Number(entry.body_length ?? preview.length);
  const long = length > preview.length;
  const { body } = useEntryText(entry, expanded && long);
  return (
    <Card variant="outlined" sx={{ mb: 1 }} component="article">
      <CardHeader
        title={
          <ReferenceField record={entry} source="author_id" reference="users" link={false} resource={ENTRIES} emptyText="" />
        }
        subheader={formatDateTime(entry.updated_at ?? entry.created_at, locale)}
        action={
          editable && (
            <IconButton aria-label={translate('app.daily_logs.edit_entry')} onClick={() => setEditing(true)}>
              <EditIcon />
            </IconButton>
          )
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {!long ? preview : expanded && body !== undefined ? body : `${preview}…`}
        </Typography>
        {expanded && long && body === undefined && <LinearProgress aria-label={translate('app.daily_logs.loading_text')} />}
        {long && (
          <>
            <Button size="small" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
              {translate(expanded ? 'app.daily_logs.show_less' : 'app.daily_logs.show_all', { size: length })}
            </Button>
            <Button size="small" component="a" href={`${API_URL}/${ENTRIES}/${encodeURIComponent(String(entry.id))}/body`} download>
              {translate('app.daily_logs.download_text')}
            </Button>
          </>
        )}
      </CardContent>
      {editing && <EditEntryDialog entry={entry} onClose={() => setEditing(false)} />}
    </Card>
  );
};

const EntryCards = () => {
  const { data, isPending } = useListContext();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  if (isPending) return null;
  if (!data || data.length === 0) {
    return <EmptyState title={translate('app.daily_logs.no_entries')} hint={translate('app.daily_logs.no_entries_hint')} />;
  }
  const user = identity ? { id: identity.id, role: (identity as any).role } : undefined;
  return (
    <>
      {data.map(entry => (
        <Entry key={entry.id} entry={entry} editable={canEditLogEntry(entry, user)} />
      ))}
    </>
  );
};

const AddEntry = ({ logId }: { logId: RaRecord['id'] }) => {
  const refresh = useRefresh();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ action: 'create', resource: ENTRIES });
  // a new key after each save gives an empty form for the next entry
  const [round, setRound] = useState(0);
  if (!canAccess) return null;
  const saved = () => {
    setRound(round + 1);
    refresh();
  };
  return (
    <CreateBase key={round} resource={ENTRIES} record={{ daily_log_id: logId }} redirect={false} mutationOptions={{ onSuccess: saved }}>
      <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
        {translate('app.daily_logs.add_entry')}
      </Typography>
      <SimpleForm toolbar={<Box sx={{ px: 2, pb: 2 }}><SaveButton label="app.daily_logs.add_entry" /></Box>}>
        <TextInput source="body" label="app.fields.body" multiline minRows={4} fullWidth validate={required()} />
      </SimpleForm>
    </CreateBase>
  );
};

/** A log's entries, several staff each writing their own, and a form to add one. */
export const LogEntries = () => {
  const log = useRecordContext();
  if (!log) return null;
  return (
    <Box sx={{ p: 2 }}>
      <ListBase resource={ENTRIES} filter={{ daily_log_id: log.id }} sort={{ field: 'created_at', order: 'ASC' }} perPage={25} disableSyncWithLocation>
        <EntryCards />
        <Pagination rowsPerPageOptions={[25, 50]} />
      </ListBase>
      <AddEntry logId={log.id} />
    </Box>
  );
};
