import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import KeyIcon from '@mui/icons-material/Key';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Confirm, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { API_KEY_NAME_MAX, type ApiKeyInfo, type CreatedApiKey } from '../../../contract/auth';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { formatDateTime } from '../meta/format';
import { PageHeading } from '../common/PageHeading';

/** The lifetimes offered for a new key, in days; null: no expiry. */
export const EXPIRY_CHOICES = [30, 90, 365, null] as const;
const QUERY_KEY = ['api_keys'];

/** The signed-in user's own API keys (/api/auth/api_keys): list, create (shown once), revoke. */
export const ApiKeysPage = () => {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const { data, isPending, error } = useQuery({ queryKey: QUERY_KEY, queryFn: () => dataProvider.listApiKeys() });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Box sx={{ py: 2, maxWidth: 960 }}>
      <PageHeading title={translate('app.api_keys.title')} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.api_keys.intro')}
      </Typography>
      <CreateKeyForm onCreated={setCreated} />
      <Card component="section" aria-labelledby="api-keys-list">
        <CardHeader id="api-keys-list" title={translate('app.api_keys.list')} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
        <CardContent>
          {isPending && <Skeleton variant="rounded" height={120} />}
          {error && <Alert severity="error">{(error as Error).message}</Alert>}
          {data && <KeysTable keys={data} />}
        </CardContent>
      </Card>
      <CreatedKeyDialog created={created} onClose={() => setCreated(null)} />
    </Box>
  );
};

const CreateKeyForm = ({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>(String(EXPIRY_CHOICES[1]));
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => dataProvider.createApiKey({ name: name.trim(), expires_in_days: expiry === 'never' ? null : Number(expiry) }),
    onSuccess: key => {
      setName('');
      setNameError(null);
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      onCreated(key);
    },
    onError: (failure: any) => {
      setNameError(failure?.body?.errors?.name ?? null);
      notify(failure?.message || 'app.api_keys.create_failed', { type: 'error' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(translate('app.api_keys.name_required'));
      return;
    }
    create.mutate();
  };
  return (
    <Card component="section" aria-labelledby="api-keys-create" sx={{ mb: 2 }}>
      <CardHeader id="api-keys-create" title={translate('app.api_keys.create')} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
      <CardContent component="form" onSubmit={submit} noValidate sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
        <TextField
          label={translate('app.api_keys.name')}
          helperText={nameError ?? translate('app.api_keys.name_hint')}
          error={Boolean(nameError)}
          value={name}
          onChange={event => setName(event.target.value)}
          slotProps={{ htmlInput: { maxLength: API_KEY_NAME_MAX } }}
          required
          fullWidth={false}
          sx={{ flex: '1 1 320px' }}
        />
        <TextField
          select
          label={translate('app.api_keys.expires_in')}
          value={expiry}
          onChange={event => setExpiry(event.target.value)}
          fullWidth={false}
          sx={{ flex: '0 0 200px' }}
        >
          {EXPIRY_CHOICES.map(days => (
            <MenuItem key={String(days)} value={days === null ? 'never' : String(days)}>
              {days === null ? translate('app.api_keys.no_expiry') : translate('app.api_keys.days', { smart_count: days })}
            </MenuItem>
          ))}
        </TextField>
        <Button type="submit" variant="contained" startIcon={<KeyIcon />} disabled={create.isPending} sx={{ mt: 1 }}>
          {translate('app.api_keys.create_button')}
        </Button>
      </CardContent>
    </Card>
  );
};

const KeysTable = ({ keys }: { keys: ApiKeyInfo[] }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const dataProvider = usePortalDataProvider();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);
  const revoke = useMutation({
    mutationFn: (key: ApiKeyInfo) => dataProvider.revokeApiKey(key.id),
    onSuccess: key => {
      notify('app.api_keys.revoked', { type: 'success', messageArgs: { name: key.name } });
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    },
    onError: (failure: any) => notify(failure?.message || 'app.api_keys.revoke_failed', { type: 'error' }),
    onSettled: () => setRevoking(null),
  });
  if (keys.length === 0) return <Typography color="text.secondary">{translate('app.api_keys.none')}</Typography>;
  const now = Date.now();
  return (
    <>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.api_keys.name')}</TableCell>
            <TableCell>{translate('app.api_keys.created')}</TableCell>
            <TableCell>{translate('app.api_keys.last_used')}</TableCell>
            <TableCell>{translate('app.api_keys.expires')}</TableCell>
            <TableCell>
              <Box component="span" sx={visuallyHidden}>
                {translate('app.api_keys.actions')}
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {keys.map(key => (
            <TableRow key={key.id}>
              <TableCell component="th" scope="row">
                {key.name}
              </TableCell>
              <TableCell>{formatDateTime(key.created_at, locale)}</TableCell>
              <TableCell>{key.last_used_at ? formatDateTime(key.last_used_at, locale) : translate('app.api_keys.never_used')}</TableCell>
              <TableCell>
                {key.expires_at === null ? translate('app.api_keys.no_expiry') : formatDateTime(key.expires_at, locale)}
                {key.expires_at !== null && new Date(key.expires_at).getTime() <= now && (
                  <Chip size="small" color="warning" label={translate('app.api_keys.expired')} sx={{ ml: 1 }} />
                )}
              </TableCell>
              <TableCell align="right">
                <Button size="small" color="error" onClick={() => setRevoking(key)} aria-label={translate('app.api_keys.revoke_aria', { name: key.name })}>
                  {translate('app.api_keys.revoke')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Confirm
        isOpen={revoking !== null}
        loading={revoke.isPending}
        title="app.api_keys.revoke_title"
        content="app.api_keys.revoke_content"
        translateOptions={{ name: revoking?.name ?? '' }}
        confirm="app.api_keys.revoke"
        confirmColor="warning"
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </>
  );
};

const CreatedKeyDialog = ({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created!.key);
      notify('app.api_keys.copied', { type: 'success' });
    } catch {
      notify('app.api_keys.copy_failed', { type: 'warning' });
    }
  };
  return (
    <Dialog open={created !== null} onClose={onClose} aria-labelledby="api-key-created-title" fullWidth maxWidth="sm">
      <DialogTitle id="api-key-created-title">{translate('app.api_keys.created_title', { name: created?.name ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{translate('app.api_keys.shown_once')}</DialogContentText>
        <TextField
          value={created?.key ?? ''}
          label={translate('app.api_keys.key')}
          fullWidth
          slotProps={{ htmlInput: { readOnly: true, spellCheck: false, sx: { fontFamily: 'monospace' } } }}
          onFocus={event => event.target.select()}
        />
        <DialogContentText variant="body2" sx={{ mt: 2 }}>
          {translate('app.api_keys.usage')}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          {translate('app.api_keys.copy')}
        </Button>
        <Button variant="contained" onClick={onClose}>
          {translate('app.api_keys.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
