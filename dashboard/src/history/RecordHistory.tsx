import RestoreIcon from '@mui/icons-material/Restore';
import { Alert, Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, useLocaleState, useNotify, useRecordContext, useRefresh, useResourceContext, useTranslate } from 'react-admin';
import type { HistoryChange, HistoryEntry, RestoreRequest } from '../../../contract/imports';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { fieldLabel } from '../meta/fields';
import { formatDateTime } from '../meta/format';
import { useMetaResource } from '../meta/MetaContext';
import { historyValue } from './historyValue';

/**
 * A record's History tab: GET /api/<resource>/:id/history, newest first, each entry's changes
 * field by field; for a caller the server says may restore (`can_restore`), a button to put a
 * field's earlier value back and one to go back to the version an entry made, each confirmed and
 * sent with the record's version (POST /api/<resource>/:id/restore). The server refuses what a
 * workflow forbids; its message is shown as it is.
 */
interface Pending {
  request: RestoreRequest;
  description: string;
}

/** `label={false}`: the tab that holds it labels nothing. */
export const RecordHistory = (_: { label?: false }) => {
  const resource = useResourceContext()!;
  const record = useRecordContext();
  if (!record) return null;
  return <HistoryTable resource={resource} id={record.id} version={typeof record.version === 'number' ? record.version : undefined} />;
};

const HistoryTable = ({ resource, id, version }: { resource: string; id: string | number; version: number | undefined }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const declared = useMetaResource(resource);
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const dataProvider = usePortalDataProvider();
  const queryKey = ['history', resource, String(id)];
  const { data, error } = useQuery({ queryKey, queryFn: () => dataProvider.history(resource, id) });

  const label = (field: string) => fieldLabel(translate, resource, field);
  const value = (change: HistoryChange, side: 'before' | 'after') =>
    historyValue(change, side, declared?.fields.find(f => f.name === change.field), resource, locale, translate);
  /** Which version a restore put back: its fields, the author and time of the entry it came from. */
  const restoredFrom = (entry: HistoryEntry) => {
    const version = entry.restored;
    if (!version?.at) return translate('app.history.restored_from', { id: entry.restored_from });
    return translate(version.side === 'before' ? 'app.history.restored_version_before' : 'app.history.restored_version', {
      fields: version.fields.map(label).join(', '),
      who: version.user_name ?? translate('app.history.system'),
      when: formatDateTime(version.at, locale),
    });
  };
  const action = (entry: HistoryEntry) => translate(`app.history.actions.${entry.action}`, { _: entry.action.replace(/_/g, ' ') });

  const restore = async () => {
    const asked = pending!;
    setPending(null);
    try {
      await dataProvider.restore(resource, id, { ...asked.request, version });
      notify(translate('app.history.restored'), { type: 'success' });
      refresh();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
    await queryClient.invalidateQueries({ queryKey });
  };

  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data) return null;
  if (data.entries.length === 0) return <Typography color="text.secondary">{translate('app.history.empty')}</Typography>;
  return (
    <Box component="section" aria-label={translate('app.history.title')}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.history.when')}</TableCell>
            <TableCell>{translate('app.history.who')}</TableCell>
            <TableCell>{translate('app.history.what')}</TableCell>
            <TableCell>{translate('app.history.field')}</TableCell>
            <TableCell>{translate('app.history.before')}</TableCell>
            <TableCell>{translate('app.history.after')}</TableCell>
            {data.can_restore && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {data.entries.map(entry => {
            const rows = entry.changes.length ? entry.changes : [null];
            const anyRestorable = entry.changes.some(c => c.restorable) && entry.action !== 'delete';
            return rows.map((change, i) => (
              <TableRow key={`${entry.id}-${change?.field ?? ''}`} data-testid={`history-entry-${entry.id}`}>
                {i === 0 && (
                  <>
                    <TableCell rowSpan={rows.length}>{formatDateTime(entry.at, locale)}</TableCell>
                    <TableCell rowSpan={rows.length}>{entry.user_name ?? translate('app.history.system')}</TableCell>
                    <TableCell rowSpan={rows.length}>
                      {action(entry)}
                      {entry.restored_from !== null && <Chip size="small" sx={{ ml: 1 }} label={restoredFrom(entry)} />}
                      {entry.import_id !== null && <Chip size="small" sx={{ ml: 1 }} label={translate('app.history.imported', { id: entry.import_id })} />}
                      {data.can_restore && anyRestorable && (
                        <Box>
                          <Button
                            size="small"
                            startIcon={<RestoreIcon />}
                            onClick={() =>
                              setPending({
                                request: { audit_event_id: entry.id, side: 'after' },
                                description: translate('app.history.confirm_version', { when: formatDateTime(entry.at, locale) }),
                              })
                            }
                          >
                            {translate('app.history.restore_version')}
                          </Button>
                        </Box>
                      )}
                    </TableCell>
                  </>
                )}
                <TableCell>{change ? label(change.field) : ''}</TableCell>
                <TableCell>{change ? value(change, 'before') : ''}</TableCell>
                <TableCell>{change ? value(change, 'after') : ''}</TableCell>
                {data.can_restore && (
                  <TableCell>
                    {change?.restorable && entry.action !== 'create' && (
                      <Button
                        size="small"
                        aria-label={translate('app.history.restore_field_aria', { field: label(change.field), value: value(change, 'before') })}
                        onClick={() =>
                          setPending({
                            request: { audit_event_id: entry.id, field: change.field, side: 'before' },
                            description: translate('app.history.confirm_field', { field: label(change.field), value: value(change, 'before') }),
                          })
                        }
                      >
                        {translate('app.history.restore_field')}
                      </Button>
                    )}
                    {change && !change.restorable && change.not_restorable && (
                      <Typography variant="caption" color="text.secondary">
                        {translate('app.history.not_restorable')}
                      </Typography>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ));
          })}
        </TableBody>
      </Table>
      {data.truncated && <Typography variant="caption">{translate('app.history.truncated', { smart_count: data.entries.length })}</Typography>}
      <Confirm
        isOpen={pending !== null}
        title={translate('app.history.confirm_title')}
        content={pending?.description ?? ''}
        onConfirm={restore}
        onClose={() => setPending(null)}
      />
    </Box>
  );
};
