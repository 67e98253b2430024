import type { Knex } from 'knex';
import type { QueryBuilder } from 'objection';
import type { Role } from '../../contract/enums';
import type { CurrentUser } from '../access/roles';
import type { BaseModel } from '../models/BaseModel';

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

/** What a write hook receives. `before` is the stored row (update/delete), `after` the new one. */
export interface WriteContext {
  trx: Knex.Transaction;
  user: CurrentUser;
  action: Exclude<Action, 'read'>;
  before: Record<string, any> | null;
  /** the fields being written (create: the new record; update: the merged record) */
  data: Record<string, any>;
  clock: () => Date;
}

export interface ResourceDeclaration {
  /** the table name, which is also the URL segment: /api/<name> */
  name: string;
  model: typeof BaseModel;
  /** fields usable as filters: equality, arrays (IN), null (IS NULL); dates and numbers also take _gte/_lte/_gt/_lt/_neq */
  filters: string[];
  /** fields the list may be sorted by */
  sorts: string[];
  defaultSort?: [string, 'ASC' | 'DESC'];
  /** text fields searched by the `q` filter (case-insensitive substring) */
  search?: string[];
  /** foreign-key field -> resource name, for /api/meta, OpenAPI and dashboard autocompletes */
  references?: Record<string, string>;
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
  /** DELETE by a role other than system_admin sets archived_at instead of removing the row */
  archivable?: boolean;
  /** optimistic concurrency on the `version` column */
  versioned?: boolean;
  /** the resource is computed or system-written: no create/update/delete through the API */
  readOnly?: boolean;
  /** business rules and derived fields: may throw RuleError/ConflictError, may mutate ctx.data */
  beforeWrite?: (ctx: WriteContext) => Promise<void> | void;
  /** after the row is written, in the same transaction (e.g. notifications) */
  afterWrite?: (ctx: WriteContext & { record: Record<string, any> }) => Promise<void> | void;
  /** workflow steps, served as POST /api/<name>/:id/<action> */
  actions?: readonly ActionDeclaration[];
}

/** A field an action asks for (shown by the dashboard as a small form before it posts). */
export interface ActionInputField {
  name: string;
  type: 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean';
  required?: boolean;
  enum?: readonly string[];
  reference?: string;
}

export interface ActionContext {
  trx: Knex.Transaction;
  user: CurrentUser;
  /** the target row, already checked to be in the caller's scope and locked FOR UPDATE */
  record: Record<string, any>;
  body: Record<string, any>;
  clock: () => Date;
  /** write an audit_events row in this transaction */
  audit: (entry: { action: string; resource: string; record_id: number | string | null; before?: unknown; after?: unknown }) => Promise<void>;
}

/**
 * A workflow step served as POST /api/<resource>/:id/<name>. The engine checks the role (403),
 * finds the record in scope (404), opens the transaction and audits; `run` checks the state
 * (ConflictError naming the state) and the rules (RuleError), and returns the record to answer.
 */
export interface ActionDeclaration {
  name: string;
  label: string;
  roles: readonly Role[];
  /** statuses from which the action is offered (the dashboard hides it otherwise) */
  fromStatus?: readonly string[];
  input?: readonly ActionInputField[];
  run: (ctx: ActionContext) => Promise<Record<string, any>>;
}
