import type { CodedMessage } from './messages';

/**
 * Bulk import (docs/imports.md): POST /api/<resource>/import takes a CSV or XLSX file and
 * creates its rows all or nothing; POST /api/<resource>/import/columns reads only its header
 * row to map the columns; the `imports` resource records every attempt. Also a record's
 * history (GET /api/<resource>/:id/history) and its restore.
 */

/** What an import came to. `running` until it ends; the other six are final. */
export const IMPORT_STATUSES = ['running', 'committed', 'refused', 'dry_run', 'already_imported', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The largest file an import takes (413 above). */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** The bad rows an answer (and the imports record) lists; `error_count` counts them all. */
export const IMPORT_ERRORS_LISTED = 1000;

/**
 * One refused cell or row: `row` is the spreadsheet's row number (the header is row 1). The
 * message is in English and by code (contract/messages.ts), for the reader's language.
 */
export interface ImportRowError extends CodedMessage {
  row: number;
  /** the field the message is about, or null for the row as a whole */
  field: string | null;
  /** the file's column that field came from, when it came from one */
  column: string | null;
  message: string;
}

/**
 * A column's target: a field (`child_id`, `birth_date`), or a reference by the referenced
 * record's natural key (`contract_id.contract_number`, `assigned_to.email`).
 */
export type ImportMapping = Record<string, string | null>;

/** The answer of an import (the last line of its NDJSON stream too). */
export interface ImportAnswer {
  import_id: number;
  status: Exclude<ImportStatus, 'running' | 'failed'>;
  dry_run: boolean;
  /** the data rows of the file (its header not counted) */
  rows: number;
  created: number;
  /** the first IMPORT_ERRORS_LISTED bad cells, in file order */
  errors: ImportRowError[];
  error_count: number;
  /** the committed import that already imported this file (already_imported), else null */
  same_as_import_id: number | null;
  /** the columns of the file and the field each went to */
  mapping: ImportMapping;
  /** the file's columns that went to no field */
  ignored_columns: string[];
}

/** An NDJSON progress line, before the answer. */
export interface ImportProgress {
  import_id: number;
  phase: 'received' | 'validating' | 'committing';
  /** data rows read so far */
  rows: number;
  /** the share of the file read, 0 to 1 */
  fraction: number;
}

/** One field (or reference by natural key) a column can go to. */
export interface ImportTarget {
  target: string;
  field: string;
  /** the natural key of the referenced resource, for a reference by natural key */
  natural_key: string | null;
  required: boolean;
}

/** POST /api/<resource>/import/columns. */
export interface ImportColumns {
  format: ImportFormat;
  columns: string[];
  /** each column's target: the caller's last mapping of that column, else by name or label */
  suggested: ImportMapping;
  targets: ImportTarget[];
}

/** One field of one history entry. */
export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
  /** titles of referenced records the caller may read (`before_title` for `before`) */
  before_title: string | null;
  after_title: string | null;
  /** a large text: the audit trail keeps its size, not its words */
  large_text: { before: LargeTextSize | null; after: LargeTextSize | null } | null;
  restorable: boolean;
  /** why not, when not */
  not_restorable: string | null;
}

export interface LargeTextSize {
  bytes: number;
  /** characters, for audit rows written since they are counted */
  characters: number | null;
}

export interface HistoryEntry {
  id: number;
  at: string;
  action: string;
  user_id: number | null;
  user_name: string | null;
  /** the import that created the record, for its creation */
  import_id: number | null;
  /** the audit entry a restore took its values from */
  restored_from: number | null;
  /** a restore: the version it put back — that entry's time and author, its side, the fields restored */
  restored: RestoredVersion | null;
  changes: HistoryChange[];
}

export interface RestoredVersion {
  entry_id: number;
  /** null when that entry is no longer in the trail */
  at: string | null;
  user_name: string | null;
  /** the values the entry changed from (`before`) or to (`after`) */
  side: 'before' | 'after';
  fields: string[];
}

/** GET /api/<resource>/:id/history: newest first. */
export interface RecordHistory {
  resource: string;
  record_id: string;
  /** whether the caller may restore (a system administrator, or an organisation administrator in scope) */
  can_restore: boolean;
  entries: HistoryEntry[];
  /** entries older than the last one listed were left out */
  truncated: boolean;
}

/** POST /api/<resource>/:id/restore: the values of one audit entry, one field or all restorable ones. */
export interface RestoreRequest {
  audit_event_id: number;
  field?: string | null;
  /** the values the entry changed from (`before`) or to (`after`, the default) */
  side?: 'before' | 'after';
  /** the record's version as the caller read it: required of a versioned resource, as for an update (a stale one is a 409) */
  version?: number;
}
