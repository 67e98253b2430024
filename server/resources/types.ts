import type { Knex } from 'knex';
import type { ModelObject, PartialModelObject, QueryBuilder } from 'objection';
import type { ContractProgram, Role } from '../../contract/enums';
import type { ReferenceFilterValue } from '../../contract/meta';
import type { CurrentUser } from '../access/roles';
import type { BaseModel } from '../models/BaseModel';
import type { ChildPath } from './childName';

/**
 * A scope narrows a query to the rows a user may see. `'all'` leaves the query alone, `'none'`
 * matches nothing, a function adds `where` clauses (subqueries, never user text). A function
 * marked `byIdList` narrows to a computed list of ids: the query then reads every row it may
 * return whatever the page, so the engine counts them in the same statement.
 */
export type ScopeFilter = ((qb: QueryBuilder<any, any>) => void) & { byIdList?: true };
export type ScopeResult = 'all' | 'none' | ScopeFilter;
export type Scope = (user: CurrentUser) => ScopeResult;

export type Action = 'read' | 'create' | 'update' | 'delete';

/** A stored row of model M, as the API reads and writes it. */
export type Row<M extends BaseModel> = ModelObject<M>;

/**
 * A row as the generic engine handles it, whatever the resource: the system columns typed, the
 * others read as unknown. Declarations see their own model's `Row` instead.
 */
export type AnyRow = Row<BaseModel> & Record<string, unknown>;

/**
 * What a write hook receives, typed by the resource's model (`ctx.data.progam` is a compile
 * error); `Extra` are the write-only fields a resource accepts besides its columns (a password).
 * `before` is the stored row (update/delete).
 */
export interface WriteContext<M extends BaseModel = BaseModel, Extra extends object = object> {
  trx: Knex.Transaction;
  user: CurrentUser;
  action: Exclude<Action, 'read'>;
  before: Row<M> | null;
  /** the fields being written (create: the new record; update: the merged record) */
  data: Partial<Row<M> & Extra>;
  clock: () => Date;
  /** every declared resource (a saved question's spec names one) */
  resources: readonly ResourceDeclaration[];
}

export interface ResourceDeclaration<M extends BaseModel = BaseModel, Extra extends object = object> {
  /** the table name, which is also the URL segment: /api/<name> */
  name: string;
  model: typeof BaseModel & { prototype: M };
  /** fields usable as filters: equality, arrays (IN), null (IS NULL); dates and numbers also take _gte/_lte/_gt/_lt/_neq */
  filters: string[];
  /** fields the list may be sorted by */
  sorts: string[];
  defaultSort?: [string, 'ASC' | 'DESC'];
  /** text fields searched by the `q` filter (case-insensitive substring) */
  search?: string[];
  /** the child the record is about: rows carry its `child_name` and `q` finds it (server/resources/childName.ts) */
  child?: ChildPath;
  /** a reference picker's filter on its target, by field (/api/meta `reference_filter`) */
  referenceFilters?: Readonly<Partial<Record<keyof Row<M> & string, Readonly<Record<string, ReferenceFilterValue>>>>>;
  /** the statuses whose records refuse plain edits (its write hooks refuse them; /api/meta tells the dashboard) */
  lockedStatuses?: readonly string[];
  /** foreign-key field -> resource name, for /api/meta, OpenAPI and dashboard autocompletes */
  references?: Record<string, string>;
  /**
   * a unique field people know a record by (a contract number, an email): an import's column
   * may name the record it refers to by it instead of its id (server/imports/naturalKeys.ts)
   */
  naturalKey?: { field: string; caseInsensitive?: boolean };
  /** which roles may do each generic action (workflow actions declare their own roles) */
  access: Record<Action, readonly Role[]>;
  /** when a role may write only some fields (e.g. finance on payments: CAS/ICM numbers) */
  writableByRole?: Partial<Record<Role, readonly string[]>>;
  /** fields only workflow actions change; refused on PUT, and on POST except for system_admin */
  actionOnlyFields?: readonly string[];
  /** fields the server sets and nobody writes (besides id/created_at/updated_at/version) */
  serverFields?: readonly string[];
  /** fields never returned (password hashes) */
  hiddenFields?: readonly string[];
  /** fields accepted on write but never stored as given (e.g. `password`, hashed by a hook) */
  writeOnlyFields?: readonly string[];
  scope: Scope;
  /**
   * a scoped page (a scope by id list) read in one step rather than its ids first and then its
   * rows (engine.ts listWithTotalInline): where the rows in scope are few, the second step's
   * join costs more than it saves (placements: a place's hundred or so)
   */
  pageInOneStep?: boolean;
  /** DELETE by a role other than system_admin sets archived_at instead of removing the row */
  archivable?: boolean;
  /** optimistic concurrency on the `version` column */
  versioned?: boolean;
  /** the resource is computed or system-written: no create/update/delete through the API */
  readOnly?: boolean;
  /** business rules and derived fields: may throw RuleError/ConflictError, may mutate ctx.data */
  beforeWrite?(ctx: WriteContext<M, Extra>): Promise<void> | void;
  /** after the row is written, in the same transaction (e.g. notifications) */
  afterWrite?(ctx: WriteContext<M, Extra> & { record: Row<M> }): Promise<void> | void;
  /** workflow steps, served as POST /api/<name>/:id/<action> */
  actions?: readonly ActionDeclaration<M, any>[];
  /**
   * text fields that may be tens of megabytes (server/resources/largeText.ts): lists and write
   * answers carry `<field>_preview` and `<field>_length` instead, GET /api/<name>/:id/<field>
   * streams the whole text, the audit trail keeps its digest
   */
  largeText?: Readonly<Partial<Record<keyof Row<M> & string, LargeTextField>>>;
  /** files hung on the records, served at /api/<name>/:id/attachments (server/files/attachments.ts) */
  attachments?: AttachmentsDeclaration<M>;
  /** the programme areas the resource belongs to (/api/meta); absent: every organisation's */
  programs?: readonly ContractProgram[];
  /**
   * GET /api/<name>/:id/details: the record (found through the caller's scope) with what a
   * screen shows beside it, e.g. a payment with its contract, placement and request.
   */
  details?(db: Knex, record: Row<M>): Promise<Record<string, unknown>>;
}

export interface LargeTextField {
  /** characters a list row's preview carries */
  previewChars: number;
  /** the most a write may store, in bytes of UTF-8 (413 above) */
  maxBytes: number;
}

/** A resource whose records carry attachments. */
export interface AttachmentsDeclaration<M extends BaseModel = BaseModel> {
  /** the column of `files` that names this resource's record */
  column: string;
  /**
   * Throws a ConflictError (code `read_only`) when the record takes no more changes — a closed
   * plan, a finalized check-in — so its attachments are read-only too.
   */
  refuseWhenReadOnly?(trx: Knex | Knex.Transaction, record: Row<M>): Promise<void> | void;
}

/** A field an action asks for (shown by the dashboard as a small form before it posts). */
export interface ActionInputField {
  name: string;
  type: 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean';
  /** refused when absent or blank (400 "is required") */
  required?: boolean;
  /** the values accepted */
  enum?: readonly string[];
  /**
   * values accepted that depend on the record: `choices[record[field]]`, e.g. the reasons a plan
   * closes with by its programme. /api/meta sends the map, so the dashboard offers only these.
   */
  enumBy?: { field: string; choices: Readonly<Record<string, readonly string[]>> };
  reference?: string;
  /** at most this many characters; by default the limit of the model's column of the same name */
  maxLength?: number;
  /** when not sent, the record's own value of the field of the same name (the dashboard pre-fills it) */
  fromRecord?: boolean;
}

type InputValue<F extends ActionInputField> = F extends { enum: readonly (infer E)[] }
  ? E
  : F extends { enumBy: { choices: Readonly<Record<string, readonly (infer E)[]>> } }
    ? E
    : F['type'] extends 'number' | 'integer'
      ? number
      : F['type'] extends 'boolean'
        ? boolean
        : string;

/** The validated input an action receives: required fields typed, the others also `null` when not sent. */
export type ActionInput<Fields extends readonly ActionInputField[]> = {
  [F in Fields[number] as F['name']]: F extends { required: true } ? InputValue<F> : InputValue<F> | null;
};

/** Declares an action's input with its literal names and types, so `ActionContext` can type it. */
export function actionInput<const Fields extends readonly ActionInputField[]>(fields: Fields): Fields {
  return fields;
}

export interface ActionContext<M extends BaseModel = BaseModel, Fields extends readonly ActionInputField[] = []> {
  trx: Knex.Transaction;
  user: CurrentUser;
  /** the target row, already checked to be in the caller's scope and locked FOR UPDATE */
  record: Row<M>;
  /** the body, checked against the declared input: only declared fields, trimmed, each valid */
  input: ActionInput<Fields>;
  clock: () => Date;
  /** write an audit_events row in this transaction (for the other records an action writes) */
  audit: (entry: { action: string; resource: string; record_id: number | string | null; before?: unknown; after?: unknown }) => Promise<void>;
}

/**
 * What an action returns; the engine does the writing of the target record.
 * * `{ patch }`: the fields of the target record that change (may be empty). The engine writes
 *   them, adds `version + 1` when the resource is versioned, reloads the record through the
 *   caller's scope, answers it and audits it before → after.
 * * `{ record }`: a new record of the same resource that the action created itself (clone),
 *   answered instead of the target; the target is left as it was, the audit row of the action
 *   records it before and the new record after.
 * Other records an action writes (payments, outbox messages) it writes and audits itself.
 */
export type ActionResult<M extends BaseModel = BaseModel> = { patch: PartialModelObject<M> } | { record: M };

/**
 * A workflow step served as POST /api/<resource>/:id/<name>. The engine checks the role (403),
 * finds the record in scope (404), checks the body against `input` (400, every field at once),
 * opens the transaction, applies the result and audits; `run` checks the state (ConflictError
 * naming the state) and the rules (RuleError) and returns what changes.
 */
export interface ActionDeclaration<M extends BaseModel = BaseModel, Fields extends readonly ActionInputField[] = readonly ActionInputField[]> {
  name: string;
  label: string;
  roles: readonly Role[];
  /** statuses from which the action is offered (the dashboard hides it otherwise) */
  fromStatus?: readonly string[];
  input?: Fields;
  /**
   * Whether the action would be accepted on this record, beyond its role and status: the rule
   * `run` checks first, asked without writing. GET /api/<resource>/:id/actions answers it, so
   * the dashboard offers the action only where it can succeed.
   */
  accepted?(ctx: { db: Knex | Knex.Transaction; user: CurrentUser; record: Row<M> }): Promise<boolean>;
  run(ctx: ActionContext<M, Fields>): Promise<ActionResult<M>>;
}
