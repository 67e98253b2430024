import type { Row } from '../reporting/model';

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
