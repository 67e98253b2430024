import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { ImportRowError } from '../../../contract/imports';
import { sayServerMessage } from '../api/serverMessages';

/**
 * An import's refused cells, by row and column, each said in the reader's language from its
 * message code (an import recorded before cells had codes shows its English).
 */
export const ImportErrorsTable = ({ errors }: { errors: readonly ImportRowError[] }) => {
  const translate = useTranslate();
  return (
    <Table size="small" aria-label={translate('app.import.errors')} sx={{ mt: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.import.row')}</TableCell>
          <TableCell>{translate('app.import.column')}</TableCell>
          <TableCell>{translate('app.import.problem')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {errors.map((error, i) => (
          <TableRow key={`${error.row}-${error.field ?? ''}-${i}`}>
            <TableCell>{error.row}</TableCell>
            <TableCell>{error.column ?? error.field ?? '—'}</TableCell>
            <TableCell>{sayServerMessage(error, error.message, '')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The `errors` of an `imports` record (its page in the import history), as that table. */
export const ImportErrorsField = (_: { source: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<{ id: number; errors?: ImportRowError[] | null }>();
  const errors = record?.errors ?? [];
  return errors.length ? <ImportErrorsTable errors={errors} /> : <span>—</span>;
};
