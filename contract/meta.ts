import type { SignedInUser } from './auth';
import type { ContractProgram } from './enums';
import type { JobName } from './jobs';

/**
 * GET /api/meta: the resources the caller may read, as server/resources/meta.ts describes
 * them and the dashboard builds its screens from them (docs/api.md).
 */

export type FieldType = 'string' | 'text' | 'integer' | 'number' | 'money' | 'boolean' | 'date' | 'datetime' | 'json';

/** Written by the server on every row: never in a form, never a default list column. */
export const SYSTEM_FIELDS: readonly string[] = ['id', 'created_at', 'updated_at', 'version'];

/** A string field allowing more characters than this is a long text (type `text`, a multi-line input). */
export const LONG_TEXT_LENGTH = 500;

export interface MetaField {
  name: string;
  type: FieldType;
  required: boolean;
  nullable: boolean;
  max_length: number | null;
  enum: readonly string[] | null;
  reference: string | null;
  read_only: boolean;
  /** accepted on write, never returned (a password) */
  write_only: boolean;
  filterable: boolean;
  sortable: boolean;
  /**
   * a reference picker's filter on its target: `{ field }` takes the value of another field of
   * the same form (a support request's placements of its child), `{ value }` a constant (no
   * retired types)
   */
  reference_filter?: Readonly<Record<string, ReferenceFilterValue>> | null;
  /** a boolean column's default, as the database sets it when a new record leaves it out */
  default?: boolean;
}

export type ReferenceFilterValue = { field: string } | { value: string | number | boolean | null };

export type ActionInputType = 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean';

/** A field an action asks for (the dashboard shows a small form before it posts). */
export interface MetaActionInput {
  name: string;
  type: ActionInputType;
  required?: boolean;
  enum?: readonly string[] | null;
  /** choices that depend on the record: `choices[record[field]]` */
  enum_by?: { field: string; choices: Readonly<Record<string, readonly string[]>> } | null;
  reference?: string | null;
  max_length?: number | null;
  /** not sent, the record's own value of the field is taken: the form starts with it */
  from_record?: boolean;
}

export interface MetaAction {
  name: string;
  label: string;
  /** whether the caller's role may run it */
  allowed: boolean;
  /** the statuses it is offered from; null: any */
  from_status: readonly string[] | null;
  /** the server checks each record before offering it: GET /api/<resource>/:id/actions says where it can succeed */
  checked?: boolean;
  input: readonly MetaActionInput[];
}

export interface ResourcePermissions {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
}

export interface MetaResource {
  name: string;
  label: string;
  id_field: string;
  fields: MetaField[];
  filters: string[];
  /** filters that also take `_gte`/`_lte` (dates and numbers) */
  range_filters: string[];
  sorts: string[];
  search: string[];
  default_sort: [string, 'ASC' | 'DESC'];
  permissions: ResourcePermissions;
  /** when the caller's role may change only some fields (finance on payments), which ones */
  writable_fields: readonly string[] | null;
  versioned: boolean;
  archivable: boolean;
  /** computed or system-written: nothing to create or edit */
  read_only: boolean;
  /** its records carry files: /api/<name>/:id/attachments */
  attachments: boolean;
  /** the statuses in which a record takes no more plain edits (a paid payment): no Edit button then */
  locked_statuses?: readonly string[] | null;
  /** the programme areas it belongs to; null: every organisation's (children, plans, referrals …) */
  programs: readonly ContractProgram[] | null;
  actions: MetaAction[];
}

export interface Meta {
  user: Pick<SignedInUser, 'id' | 'role' | 'organization_id'>;
  resources: MetaResource[];
  /** the jobs the caller may run by hand (POST /api/jobs/<name>/run) */
  jobs: JobName[];
  /**
   * The programmes the caller's organisation works in, from its contracts (every programme for
   * the ministry and system roles): the dashboard shows the areas of these programmes only.
   */
  programs: ContractProgram[];
  /** the reports of /api/reports/<name>, each with the programme areas it belongs to (null: all) */
  reports: { name: string; title: string; programs: readonly ContractProgram[] | null }[];
}
