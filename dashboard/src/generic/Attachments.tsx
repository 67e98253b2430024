import AttachFileIcon from '@mui/icons-material/AttachFile';
import DeleteIcon from '@mui/icons-material/Delete';
import { Alert, Box, Button, IconButton, LinearProgress, Link, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import { Confirm, useLocaleState, useNotify, useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { ATTACHMENT_MAX_BYTES } from '../../../contract/rules';
import { API_URL, httpClient } from '../api/http';
import { useMetaResource } from '../meta/MetaContext';
import { formatBytes, formatDateTime } from '../meta/format';

/**
 * The files of a record whose resource declares attachments (`/api/meta` `attachments`):
 * list, download, attach and remove, as GET/POST/DELETE /api/<resource>/:id/attachments allow.
 * The server says whether the caller may attach (`can_upload`) and remove each file
 * (`can_delete`), and why a record takes no more files (`read_only`).
 */
interface StoredFile {
  id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by_name: string | null;
  created_at: string;
  can_delete: boolean;
}

interface AttachmentList {
  files: StoredFile[];
  can_upload: boolean;
  read_only: string | null;
}

const MAX_MB = ATTACHMENT_MAX_BYTES / (1024 * 1024);

export const Attachments = () => {
  const resource = useResourceContext()!;
  const record = useRecordContext();
  const declared = useMetaResource(resource);
  if (!declared?.attachments || !record) return null;
  return <AttachmentSection resource={resource} id={record.id} />;
};

const AttachmentSection = ({ resource, id }: { resource: string; id: string | number }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [removing, setRemoving] = useState<StoredFile | null>(null);
  const base = `${API_URL}/${resource}/${encodeURIComponent(String(id))}/attachments`;
  const queryKey = ['attachments', resource, String(id)];
  const { data, error } = useQuery({ queryKey, queryFn: async () => (await httpClient(base)).json as AttachmentList });
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > ATTACHMENT_MAX_BYTES) {
      notify(translate('app.attachments.too_large', { name: file.name, max: MAX_MB }), { type: 'error' });
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    setUploading(file.name);
    try {
      await httpClient(base, { method: 'POST', body });
      notify(translate('app.attachments.uploaded', { name: file.name }), { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setUploading(null);
      refresh();
    }
  };

  const remove = async () => {
    const file = removing!;
    setRemoving(null);
    try {
      await httpClient(`${base}/${file.id}`, { method: 'DELETE' });
      notify(translate('app.attachments.removed', { name: file.file_name }), { type: 'info' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
    refresh();
  };

  return (
    <Box component="section" aria-labelledby={`attachments-${resource}-${id}`} sx={{ px: 2, pb: 2 }}>
      <Typography id={`attachments-${resource}-${id}`} variant="h6" component="h2" sx={{ mt: 2 }}>
        {translate('app.attachments.title')}
      </Typography>
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data?.read_only && (
        <Alert severity="info" sx={{ my: 1 }}>
          {data.read_only}
        </Alert>
      )}
      {data && data.files.length === 0 && <Typography color="text.secondary">{translate('app.attachments.empty')}</Typography>}
      {data && data.files.length > 0 && (
        <List dense>
          {data.files.map(file => (
            <ListItem
              key={file.id}
              secondaryAction={
                file.can_delete ? (
                  <IconButton edge="end" aria-label={translate('app.attachments.remove', { name: file.file_name })} onClick={() => setRemoving(file)}>
                    <DeleteIcon />
                  </IconButton>
                ) : null
              }
            >
              <ListItemText
                primary={
                  <Link href={`${base}/${file.id}`} download={file.file_name} aria-label={translate('app.attachments.download', { name: file.file_name })}>
                    {file.file_name}
                  </Link>
                }
                secondary={translate('app.attachments.by', {
                  size: formatBytes(file.size_bytes, locale),
                  who: file.uploaded_by_name ?? '—',
                  when: formatDateTime(file.created_at, locale),
                })}
              />
            </ListItem>
          ))}
        </List>
      )}
      {uploading && (
        <Box sx={{ my: 1 }} role="status">
          <Typography variant="body2">{translate('app.attachments.uploading', { name: uploading })}</Typography>
          <LinearProgress />
        </Box>
      )}
      {data?.can_upload && (
        <Box sx={{ mt: 1 }}>
          <input ref={input} type="file" hidden onChange={upload} data-testid="attachment-input" aria-label={translate('app.attachments.upload')} />
          <Button variant="outlined" startIcon={<AttachFileIcon />} disabled={uploading !== null} onClick={() => input.current?.click()}>
            {translate('app.attachments.upload')}
          </Button>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }}>
            {translate('app.attachments.accepted', { max: MAX_MB })}
          </Typography>
        </Box>
      )}
      <Confirm
        isOpen={removing !== null}
        title={translate('app.attachments.remove_title')}
        content={translate('app.attachments.remove_content', { name: removing?.file_name ?? '' })}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
      />
    </Box>
  );
};
