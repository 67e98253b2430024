import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Form,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
  useResourceContext,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { API_URL, httpClient } from '../api/http';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import type { Translate } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import type { MetaAction, MetaActionInput as ActionInput } from '../../../contract/meta';
import { renderInput } from './renderInput';

/** Actions offered on a record: allowed for the caller, and valid from the record's status. */
export function availableActions(actions: readonly MetaAction[], record: RaRecord | undefined): MetaAction[] {
  if (!record) return [];
  return actions.filter(
    action => action.allowed && (!action.from_status || action.from_status.length === 0 || action.from_status.includes(record.status)),
  );
}

/**
 * The available actions the server checks record by record (a clone), kept only once
 * GET /api/<resource>/:id/actions says they would be accepted: none is offered before it answers.
 */
function useAcceptedActions(resource: string, record: RaRecord | undefined, available: MetaAction[]): MetaAction[] {
  const checked = available.some(action => action.checked);
  const { data } = useQuery({
    queryKey: ['offered-actions', resource, record?.id, record?.version],
    enabled: checked && record?.id !== undefined,
    queryFn: async () =>
      (await httpClient(`${API_URL}/${resource}/${encodeURIComponent(String(record!.id))}/actions`)).json as { actions: string[] },
  });
  return available.filter(action => !action.checked || Boolean(data?.actions.includes(action.name)));
}

/** An action's inputs for this record: choices that depend on it resolved (a CSP plan closes with CSP reasons). */
export function inputsFor(action: MetaAction, record: RaRecord): ActionInput[] {
  return (action.input ?? []).map(input =>
    input.enum_by ? { ...input, enum: input.enum_by.choices[String(record[input.enum_by.field])] ?? [] } : input,
  );
}

/** The values the action's form starts with: the record's own, for inputs that default to them. */
export function initialValues(action: MetaAction, record: RaRecord): Record<string, unknown> {
  return Object.fromEntries((action.input ?? []).filter(input => input.from_record).map(input => [input.name, record[input.name] ?? null]));
}

export const actionLabel = (translate: Translate, resource: string, action: MetaAction) =>
  translate(`resources.${resource}.actions.${action.name}`, { _: action.label });

const ActionDialog = ({ action, resource, record, onClose }: { action: MetaAction; resource: string; record: RaRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const dataProvider = usePortalDataProvider();
  const meta = useMeta();
  const [busy, setBusy] = useState(false);
  const label = actionLabel(translate, resource, action);
  const titleId = `action-${action.name}-title`;

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const { data } = await dataProvider.action(resource, record.id, action.name, values);
      notify('app.actions.done', { type: 'success', messageArgs: { action: label } });
      onClose();
      if (data && data.id !== undefined && data.id !== record.id) redirect('show', resource, data.id);
      else refresh();
    } catch (error: any) {
      notify(error?.message || 'app.actions.failed', { type: 'error', messageArgs: { action: label } });
      return error?.body?.errors ?? undefined;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <Form onSubmit={submit as any} record={initialValues(action, record)}>
        <DialogTitle id={titleId}>{label}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {translate(action.input?.length ? 'app.actions.confirm_with_input' : 'app.actions.confirm', { action: label })}
          </DialogContentText>
          <Stack>
            {inputsFor(action, record).map(input => renderInput(input, meta, translate, { resource }))}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {label}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
};

/**
 * One button per workflow action of the record's resource (from /api/meta), each with its
 * dialog; `exclude` leaves out actions a hand-made view offers its own way.
 */
export const WorkflowButtons = ({ exclude = [] }: { exclude?: string[] }) => {
  const resource = useResourceContext()!;
  const record = useRecordContext();
  const declared = useMetaResource(resource);
  const translate = useTranslate();
  const [open, setOpen] = useState<MetaAction | null>(null);
  const offered = useAcceptedActions(resource, record, availableActions(declared?.actions ?? [], record));
  if (!declared || !record) return null;
  return (
    <>
      {offered
        .filter(action => !exclude.includes(action.name))
        .map(action => (
        <Button key={action.name} size="small" startIcon={<PlayArrowIcon />} onClick={() => setOpen(action)}>
          {actionLabel(translate, resource, action)}
        </Button>
      ))}
      {open && <ActionDialog action={open} resource={resource} record={record} onClose={() => setOpen(null)} />}
    </>
  );
};
