import { Card } from '@mui/material';
import type { Row, TableSpec } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';

/** A report row with the enumeration values in `fields` as their labels' translation keys. */
export function enumLabels(row: object, ...fields: string[]): Row {
  const labelled: Row = { ...(row as Row) };
  for (const field of fields) {
    const value = labelled[field];
    if (value !== null && value !== undefined) labelled[field] = `app.enums.${String(value)}`;
  }
  return labelled;
}

/** The link of a cell that opens a record's page, from the row's id column. */
export const showLink =
  (resource: string, idField: string) =>
  (row: Row): string | null =>
    row[idField] === null || row[idField] === undefined ? null : `/${resource}/${row[idField]}/show`;

/** A report page's tables, each captioned in its card. */
export const ReportTables = ({ tables }: { tables: TableSpec[] }) => (
  <>
    {tables.map(table => (
      <Card key={table.title} sx={{ mb: 2, px: 2, pt: 1 }}>
        <ReportTable table={table} />
      </Card>
    ))}
  </>
);
