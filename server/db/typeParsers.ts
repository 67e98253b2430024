import { types } from 'pg';

/**
 * pg's defaults turn `date` into a JS Date at local midnight (a time zone can shift it) and
 * `numeric`/`bigint` into strings; instants become ISO-8601 strings with `Z`. Dates stay strings; ids and money become numbers (ids are
 * far below 2^53 and money is numeric(12,2), exact in a double to the cent for display).
 */
const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;

let installed = false;

export function installTypeParsers(): void {
  if (installed) return;
  types.setTypeParser(DATE_OID, (value: string) => value);
  types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  types.setTypeParser(TIMESTAMPTZ_OID, (value: string) => new Date(value).toISOString());
  installed = true;
}
