import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControl,
  InputLabel,
  LinearProgress,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useRef, useState, type ChangeEvent } from 'react';
import { useGetResourceLabel, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import type { ImportColumns, ImportMapping, ImportProgress, ImportTarget } from '../../../contract/imports';
import { fieldLabel } from '../meta/fields';
import { useMeta } from '../meta/MetaContext';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { ImportErrorsTable } from './ImportErrors';
import type { ImportOutcome } from './importApi';
import { PageHeading } from '../common/PageHeading';

/**
 * Bulk import (docs/imports.md): choose a resource and a CSV or XLSX file, check the columns'
 * mapping (the server suggests the caller's last one, else by name or label), then check the
 * file (a dry run) or import it. Every row is checked before anything is written; the page shows
 * the progress, can cancel before the commit, and lists every bad cell the server names.
 */
const LEAVE_OUT = '';

export const ImportPage = () => {
  const translate = useTranslate();
  const getLabel = useGetResourceLabel();
  const meta = useMeta();
  const dataProvider = usePortalDataProvider();
  const [params] = useSearchParams();
  // `/import?resource=children` opens the page on a resource (a list's link to it).
  const [resource, setResource] = useState(params.get('resource') ?? '');
  const input = useRef<HTMLInputElement>(null);
  const running = useRef<AbortController | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<ImportColumns | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importable = (meta?.resources ?? []).filter(r => r.permissions.create && !r.read_only);
  const reset = () => {
    setColumns(null);
    setOutcome(null);
    setProblem(null);
    setProgress(null);
  };
  const chooseResource = (name: string) => {
    setResource(name);
    setFile(null);
    reset();
  };

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    event.target.value = '';
    if (!chosen || !resource) return;
    setFile(chosen);
    reset();
    try {
      const read = await dataProvider.importColumns(resource, chosen);
      setColumns(read);
      setMapping(Object.fromEntries(read.columns.map(column => [column, read.suggested[column] ?? null])));
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  const start = async (dryRun: boolean) => {
    if (!file) return;
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    setOutcome(null);
    setProblem(null);
    setProgress(null);
    try {
      setOutcome(await dataProvider.importFile(resource, file, { mapping, dryRun, signal: controller.signal, onProgress: setProgress }));
    } catch (e) {
      setProblem(controller.signal.aborted ? translate('app.import.cancelled') : (e as Error).message);
    } finally {
      running.current = null;
      setBusy(false);
    }
  };

  const targetLabel = (target: ImportTarget) => {
    const name = fieldLabel(translate, resource, target.field);
    if (!target.natural_key) return name;
    const referenced = meta?.resources.find(r => r.name === resource)?.fields.find(f => f.name === target.field)?.reference ?? '';
    return translate('app.import.by_key', { field: name, key: fieldLabel(translate, referenced, target.natural_key) });
  };
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = (columns?.targets ?? []).filter(t => t.required && ![...mapped].some(m => m === t.field || m?.startsWith(`${t.field}.`)));

  return (
    <Box sx={{ py: 2, maxWidth: 1100 }}>
      <PageHeading title={translate('app.import.title')} mb={0} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.import.intro')}
      </Typography>
      <Card>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <FormControl size="small" sx={{ minWidth: 260 }}>
              <InputLabel id="import-resource-label">{translate('app.import.resource')}</InputLabel>
              <Select labelId="import-resource-label" label={translate('app.import.resource')} value={resource} onChange={e => chooseResource(String(e.target.value))} disabled={busy}>
                {importable.map(r => (
                  <MenuItem key={r.name} value={r.name}>
                    {getLabel(r.name, 2)}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <input ref={input} type="file" hidden accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={chooseFile} data-testid="import-file" aria-label={translate('app.import.choose_file')} />
            <Button variant="outlined" startIcon={<UploadFileIcon />} disabled={!resource || busy} onClick={() => input.current?.click()}>
              {translate('app.import.choose_file')}
            </Button>
            {file && <Typography variant="body2">{file.name}</Typography>}
          </Stack>
        </CardContent>
      </Card>

      {problem && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {problem}
        </Alert>
      )}

      {columns && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h3">
              {translate('app.import.mapping')}
            </Typography>
            <Table size="small" aria-label={translate('app.import.mapping')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('app.import.column')}</TableCell>
                  <TableCell>{translate('app.import.target')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {columns.columns.map(column => (
                  <TableRow key={column}>
                    <TableCell component="th" scope="row">
                      {column}
                    </TableCell>
                    <TableCell>
                      <Select
                        size="small"
                        displayEmpty
                        value={mapping[column] ?? LEAVE_OUT}
                        disabled={busy}
                        inputProps={{ 'aria-label': translate('app.import.target_of', { column }) }}
                        onChange={e => setMapping({ ...mapping, [column]: String(e.target.value) || null })}
                        sx={{ minWidth: 280 }}
                      >
                        <MenuItem value={LEAVE_OUT}>{translate('app.import.leave_out')}</MenuItem>
                        {columns.targets.map(target => (
                          <MenuItem key={target.target} value={target.target}>
                            {targetLabel(target)}
                          </MenuItem>
                        ))}
                      </Select>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {missing.length > 0 && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {translate('app.import.missing', { fields: missing.map(t => fieldLabel(translate, resource, t.field)).join(', ') })}
              </Alert>
            )}
            <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
              <Button variant="outlined" disabled={busy} onClick={() => start(true)}>
                {translate('app.import.check')}
              </Button>
              <Button variant="contained" disabled={busy} onClick={() => start(false)}>
                {translate('app.import.run')}
              </Button>
              {busy && (
                <Button color="warning" onClick={() => running.current?.abort()}>
                  {translate('app.import.cancel')}
                </Button>
              )}
            </Stack>
          </CardContent>
        </Card>
      )}

      {busy && (
        <Box sx={{ mt: 2 }} role="status">
          <Typography variant="body2">{translate('app.import.progress', { smart_count: progress?.rows ?? 0 })}</Typography>
          <LinearProgress variant="determinate" value={Math.round((progress?.fraction ?? 0) * 100)} />
        </Box>
      )}

      {outcome && <Outcome outcome={outcome} />}
    </Box>
  );
};

const Outcome = ({ outcome }: { outcome: ImportOutcome }) => {
  const translate = useTranslate();
  const severity = outcome.status === 'committed' || outcome.status === 'dry_run' ? 'success' : outcome.status === 'refused' ? 'error' : 'info';
  const more = outcome.error_count - outcome.errors.length;
  return (
    <Box sx={{ mt: 2 }}>
      <Alert severity={severity} role="status">
        {translate(`app.import.outcome.${outcome.status}`, { rows: outcome.rows, created: outcome.created, smart_count: outcome.error_count, same: outcome.same_as_import_id ?? '' })}
      </Alert>
      {outcome.errors.length > 0 && <ImportErrorsTable errors={outcome.errors} />}
      {more > 0 && <Typography variant="caption">{translate('app.import.more_errors', { smart_count: more })}</Typography>}
    </Box>
  );
};
