import { Alert, Button } from '@mui/material';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import {
  Edit,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRecordContext,
  useResourceContext,
  useTranslate,
  type EditProps,
  type HttpError,
} from 'react-admin';
import type { LastChange } from '../../../contract/conflicts';
import { staleChange } from '../api/staleVersion';
import { fieldLabel, formFields } from '../meta/fields';
import { formatDateTime } from '../meta/format';
import { useMetaResource } from '../meta/MetaContext';

/**
 * Edit conflicts explained: when someone saved the record since the form opened, the server
 * answers 409 `stale_version` with who and when; the form says so above its inputs and offers
 * to reload, which takes their version and keeps your edits in the inputs to save again.
 */
interface ConflictState {
  conflict: LastChange | null;
  clear: () => void;
}

const ConflictContext = createContext<ConflictState>({ conflict: null, clear: () => undefined });

/** react-admin's own notification of a failed save, for every error but a stale version. */
function notifySaveError(notify: ReturnType<typeof useNotify>, error: unknown) {
  const fieldErrors = (error as HttpError)?.body?.errors;
  if (fieldErrors && Object.keys(fieldErrors).length > 0) return; // shown on the fields
  const message = (error as Error)?.message;
  notify(message || 'ra.notification.http_error', { type: 'error', messageArgs: { _: message } });
}

/** `<Edit>` (pessimistic, so the server's answer decides) that catches a stale save for its ConflictNotice. */
export const PortalEdit = ({ children, ...props }: EditProps & { children: ReactNode }) => {
  const [conflict, setConflict] = useState<LastChange | null>(null);
  const notify = useNotify();
  const onError = (error: unknown) => {
    const change = staleChange(error);
    if (change) setConflict(change);
    else notifySaveError(notify, error);
  };
  return (
    <ConflictContext.Provider value={{ conflict, clear: () => setConflict(null) }}>
      <Edit mutationMode="pessimistic" {...props} mutationOptions={{ onError }}>
        {children}
      </Edit>
    </ConflictContext.Provider>
  );
};

/** The fields whose value differs between two versions of a record (an emptied text is no change). */
function changedFields(names: string[], before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const value = (v: unknown) => JSON.stringify(v === '' || v === undefined ? null : v);
  return names.filter(name => value(before[name]) !== value(after[name]));
}

/** Inside the form: who changed the record and when, and Reload (their version under your edits). */
export const ConflictNotice = () => {
  const { conflict, clear } = useContext(ConflictContext);
  const [reloaded, setReloaded] = useState<string[] | null>(null);
  const form = useFormContext();
  const record = useRecordContext();
  const resourceName = useResourceContext()!;
  const resource = useMetaResource(resourceName);
  const dataProvider = useDataProvider();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!conflict && !reloaded) return null;

  const reload = async () => {
    if (!record) return;
    const opened = record;
    const { data: fresh } = await dataProvider.getOne(resourceName, { id: opened.id });
    const names = resource ? formFields(resource).map(f => f.name) : [];
    // your edits: what the form holds that differs from the record as it was opened
    const yours = changedFields(names, opened, form.getValues()).map(name => [name, form.getValues(name)] as const);
    form.reset(fresh);
    for (const [name, value] of yours) form.setValue(name, value, { shouldDirty: true });
    setReloaded(changedFields(names, opened, fresh).map(name => fieldLabel(translate, resourceName, name)));
    clear();
  };

  if (conflict) {
    const time = formatDateTime(conflict.changed_at, locale);
    return (
      <Alert
        severity="warning"
        role="alert"
        sx={{ mb: 2, width: '100%' }}
        action={
          <Button color="inherit" size="small" onClick={reload}>
            {translate('app.conflict.reload')}
          </Button>
        }
      >
        {conflict.changed_by
          ? translate('app.conflict.changed_by', { name: conflict.changed_by, time })
          : conflict.changed_by_user
            ? translate('app.conflict.changed_by_other', { time })
            : translate('app.conflict.changed', { time })}
      </Alert>
    );
  }
  return (
    <Alert severity="info" sx={{ mb: 2, width: '100%' }} onClose={() => setReloaded(null)}>
      {translate('app.conflict.reloaded', { fields: reloaded!.length ? reloaded!.join(', ') : translate('app.conflict.nothing') })}
    </Alert>
  );
};
