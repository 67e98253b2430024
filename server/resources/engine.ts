import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import { isGlobalReader, type CurrentUser } from '../access/roles';
import { applyScope, applyScopeResult } from '../access/scope';
import { writeAudit, writeAuditRows, type AuditEntry } from '../audit';
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError, ValidationError, type LastChange } from '../errors';
import { forgetLargeTextVersions, keepLargeTextVersions } from '../history/largeTextVersions';
import { parseActionInput } from './actionInput';
import { writableInput } from './input';
import { childNameColumns } from './childName';
import { auditLargeText, listColumns } from './largeText';
import { applyFilter, applySort, type FilterContext, type ListParams } from './listQuery';
import { pageWithTotal, TOTAL_COLUMN, type ListPage } from './listTotal';
import { runPageStatement } from './pageStatements';
import type { Action, ActionDeclaration, AnyRow, ResourceDeclaration, ScopeResult, WriteContext } from './types';
import { say } from '../messages';

/**
 * The generic resource engine: list, read, create, update, delete and workflow actions for any
 * declared resource. Scope is a filter added to every query; every write runs in one
 * transaction with its audit row.
 */
export interface EngineDeps {
  knex: Knex;
  clock: () => Date;
  /** every declared resource, to check that the records a write points at are in scope */
  resources?: readonly ResourceDeclaration[];
}

export interface RequestInfo {
  user: CurrentUser;
  ip: string | null;
}

export function mayDo(declaration: ResourceDeclaration, user: CurrentUser, action: Action): boolean {
  if (declaration.readOnly && action !== 'read') return false;
  return declaration.access[action].includes(user.role);
}

export function requireAccess(declaration: ResourceDeclaration, user: CurrentUser, action: Action) {
  if (!mayDo(declaration, user, action)) {
    throw new ForbiddenError(say('role_may_not', { role: user.role, action, records: declaration.name }));
  }
}

export function scopedQuery(declaration: ResourceDeclaration, user: CurrentUser, db: Knex | Knex.Transaction): QueryBuilder<Model, Model[]> {
  const qb = declaration.model.query(db) as unknown as QueryBuilder<Model, Model[]>;
  return applyScope(qb, declaration.scope, user) as QueryBuilder<Model, Model[]>;
}

/** What leaves the server: model JSON without hidden fields. */
export function present(declaration: ResourceDeclaration, record: Model | Record<string, unknown>): AnyRow {
  return withoutHidden(declaration, (typeof (record as Model).toJSON === 'function' ? (record as Model).toJSON() : { ...record }) as AnyRow);
}

/** `row` itself, its hidden fields removed. */
function withoutHidden(declaration: ResourceDeclaration, row: AnyRow): AnyRow {
  for (const hidden of declaration.hiddenFields ?? []) delete row[hidden];
  return row;
}

function notFound(declaration: ResourceDeclaration, id: unknown) {
  return new NotFoundError(say('record_not_found', { records: declaration.name, id: String(id) }));
}

export function checkId(declaration: ResourceDeclaration, id: string): string | number {
  if (declaration.model.idColumn !== 'id') return id;
  if (!/^\d{1,15}$/.test(id)) throw new ValidationError(say('not_a_record_id', { id }), { id: say('field_whole_number') });
  return Number(id);
}

/** Filters through references (`child_id.service_delivery_area`) reach the declared resources in the user's scope. */
export function filterContext(deps: EngineDeps, request: RequestInfo): FilterContext {
  return { resources: deps.resources ?? [], user: request.user };
}

export { TOTAL_COLUMN };

export interface ListOptions {
  /** `exact_total=1`: count every row instead of stopping at TOTAL_CAP (listTotal.ts) */
  exactTotal?: boolean;
}

export async function listRecords(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, params: ListParams, options: ListOptions = {}): Promise<ListPage> {
  requireAccess(declaration, request.user, 'read');
  const scope = declaration.scope(request.user);
  /** The scoped, filtered, sorted rows, without their columns. */
  const matching = () => {
    const qb = applyScopeResult(declaration.model.query(deps.knex), scope) as QueryBuilder<Model, Model[]>;
    applyFilter(qb, declaration, params.filter, filterContext(deps, request));
    applySort(qb, declaration, params.sort);
    return qb;
  };
  const build = () => {
    const qb = matching();
    return qb.select(rowColumns(declaration, qb));
  };
  if (countsInline(declaration, scope)) {
    return { ...(await listWithTotalInline(deps.knex, declaration, request.user, params, matching, build)), capped: false };
  }
  return pageWithTotal(declaration, build(), params.range, options.exactTotal === true, (row) => present(declaration, row));
}

/** Lists narrowed to an id list count in the page's statement (below). */
function countsInline(declaration: ResourceDeclaration, scope: ScopeResult): boolean {
  // Code-keyed lookups take the model path: their JSON gains `id` = code (BaseModel).
  if (declaration.model.idColumn !== 'id') return false;
  return typeof scope === 'function' && scope.byIdList === true;
}

/** The page's ids and total, as the derived table the page's rows are joined to. */
const PAGE_ALIAS = '__page';
/** The page's sort field, as the first step carries it to the second. */
const PAGE_SORT = '__page_sort';

/**
 * A list narrowed to a computed list of ids reads every row in scope to sort them, page or
 * count alike; one statement with `count(*) over ()` computes the scope and reads the rows
 * once instead of twice (bench/README.md). A page past the end has no row to carry the
 * total, so only then is it counted on its own.
 *
 * The statement finds the page in two steps: the ids of the rows in scope, filtered, sorted,
 * counted and cut to the page — which reads only the id, the filtered and the sorted columns,
 * from an index that holds them when there is one (an index-only scan: no table row is read
 * for the hundreds of rows in scope that are not on the page) — and then the page's own rows
 * by primary key, with their child's name. Carrying whole rows through the count and the sort
 * took most of a programme manager's page (docs/lists.md). A declaration whose scopes hold few
 * rows keeps the one-step statement (`pageInOneStep`).
 */
async function listWithTotalInline(
  knex: Knex,
  declaration: ResourceDeclaration,
  user: CurrentUser,
  params: ListParams,
  matching: () => QueryBuilder<Model, Model[]>,
  build: () => QueryBuilder<Model, Model[]>,
) {
  const [start, end] = params.range;
  // Plain rows, not model instances: these resources need none of a model's JSON handling
  // (only code-keyed lookups do, kept off this path above), and at hundreds of requests a
  // second the instances were a measurable share of the server's time. The rows are pg's
  // own objects, shaped in place rather than copied. The statement is compiled once per
  // user, day and page (pageStatements.ts).
  const rows = await runPageStatement<AnyRow>(knex, declaration, user, params, () => {
    if (declaration.pageInOneStep) {
      const qb = build();
      return qb
        .select(qb.modelClass().raw(`count(*) over () as ${TOTAL_COLUMN}`))
        .offset(start)
        .limit(end - start + 1)
        .toKnexQuery();
    }
    const table = declaration.model.tableName;
    const [field, order] = params.sort;
    const direction = order === 'ASC' ? 'asc' : 'desc';
    const ids = matching();
    ids
      .select(`${table}.id`, ids.modelClass().raw(`count(*) over () as ${TOTAL_COLUMN}`))
      .offset(start)
      .limit(end - start + 1);
    if (field !== 'id') ids.select(`${table}.${field} as ${PAGE_SORT}`);
    const page = declaration.model.query(knex) as unknown as QueryBuilder<Model, Model[]>;
    page
      .select([...rowColumns(declaration, page), `${PAGE_ALIAS}.${TOTAL_COLUMN}`])
      .join(ids.toKnexQuery().as(PAGE_ALIAS), `${PAGE_ALIAS}.id`, `${table}.id`);
    // In the page's own order, as the first step sorted it (listQuery.ts applySort): the page
    // drives the join and is not sorted again. Ordered by the table's columns instead, a small
    // table's plan walked the whole table in that order to spare sorting the page.
    if (field !== 'id') page.orderBy(`${PAGE_ALIAS}.${PAGE_SORT}`, direction);
    page.orderBy(`${PAGE_ALIAS}.id`, direction);
    return page.toKnexQuery();
  });
  // resultSize() counts without the offset, limit and order.
  const total = rows.length ? Number(rows[0][TOTAL_COLUMN]) : start === 0 ? 0 : await build().resultSize();
  for (const row of rows) {
    delete row[TOTAL_COLUMN];
    withoutHidden(declaration, row);
  }
  return { rows, total, start };
}

/** The filtered, sorted, scoped query of a list, unpaged: downloads stream it. */
/** `childName: false` leaves the child's name out (a download whose `child_id` title already names the child). */
export function listQueryForDownload(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, params: ListParams, { childName = true } = {}) {
  requireAccess(declaration, request.user, 'read');
  const qb = scopedQuery(declaration, request.user, deps.knex);
  applyFilter(qb, declaration, params.filter, filterContext(deps, request));
  applySort(qb, declaration, params.sort);
  return qb.select(childName ? rowColumns(declaration, qb) : listColumns(declaration, qb));
}

/** What a list row, a download row and a write's answer select: the columns, then the child's name. */
function rowColumns(declaration: ResourceDeclaration, qb: QueryBuilder<any, any>) {
  return [...listColumns(declaration, qb), ...childNameColumns(declaration, qb)];
}

/** A whole record (large texts included) with its child's name. */
function wholeRecord(declaration: ResourceDeclaration, qb: QueryBuilder<any, any>) {
  return [`${declaration.model.tableName}.*`, ...childNameColumns(declaration, qb)];
}

export async function getRecord(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string) {
  requireAccess(declaration, request.user, 'read');
  const id = checkId(declaration, rawId);
  const qb = scopedQuery(declaration, request.user, deps.knex);
  const record = await qb.findById(id).select(wholeRecord(declaration, qb));
  if (!record) throw notFound(declaration, rawId);
  return present(declaration, record);
}

/**
 * A record found through the caller's scope (404 otherwise), as the API answers it; `share`
 * locks it against changes for the rest of the transaction (what attachments hang on).
 */
export async function recordInScope(db: Knex | Knex.Transaction, declaration: ResourceDeclaration, user: CurrentUser, rawId: string, lock?: 'share') {
  const id = checkId(declaration, rawId);
  const query = scopedQuery(declaration, user, db).findById(id);
  if (lock) query.forShare();
  const record = await query;
  if (!record) throw notFound(declaration, rawId);
  return present(declaration, record);
}

export async function lockInScope(trx: Knex.Transaction, declaration: ResourceDeclaration, user: CurrentUser, id: string | number) {
  const record = await scopedQuery(declaration, user, trx).findById(id).forUpdate();
  if (!record) throw notFound(declaration, id);
  return present(declaration, record);
}

/** The audit copy of a record; large texts are taken from `written` (the row as stored) when given. */
function auditable(declaration: ResourceDeclaration, record: AnyRow | null, written: Record<string, unknown> | null = record, previous: AnyRow | null = null) {
  if (!record) return null;
  const copy = { ...record };
  for (const hidden of [...(declaration.hiddenFields ?? []), ...(declaration.writeOnlyFields ?? [])]) delete copy[hidden];
  return auditLargeText(declaration, copy, written ?? record, previous);
}

/** A write's answer, read back through the caller's scope (large texts as in a list: not read back). */
async function readBack(declaration: ResourceDeclaration, user: CurrentUser, trx: Knex.Transaction, id: string | number) {
  const qb = scopedQuery(declaration, user, trx);
  return qb.findById(id).select(rowColumns(declaration, qb));
}

/**
 * Validates against the model's JSON schema, so every bad field is answered at once. Run on the
 * sent fields before the rules (`partial`: types, enumerations, lengths, dates) and on the
 * whole record after them (required fields, including those the rules fill in).
 */
function validate(declaration: ResourceDeclaration, record: Record<string, unknown>, partial = false) {
  const schemaProps = Object.keys(declaration.model.jsonSchema?.properties ?? {});
  const candidate: Record<string, unknown> = {};
  for (const name of schemaProps) if (record[name] !== undefined) candidate[name] = record[name];
  declaration.model.fromJson(candidate, partial ? { patch: true } : {});
}

/**
 * A write may only point at records its author can see: a scoped user cannot assign a task to
 * another organisation's user or hang a placement on another organisation's contract. Checked
 * on the fields the request sends (rules may set others), through the referenced resource's scope.
 */
async function checkReferences(deps: EngineDeps, declaration: ResourceDeclaration, user: CurrentUser, trx: Knex.Transaction, changes: Record<string, unknown>) {
  if (isGlobalReader(user) || !declaration.references) return;
  for (const [field, resourceName] of Object.entries(declaration.references)) {
    const value = changes[field];
    if (value === undefined || value === null) continue;
    const target = deps.resources?.find((r) => r.name === resourceName);
    if (!target || !mayDo(target, user, 'read')) continue;
    const found = await scopedQuery(target, user, trx).findById(value as string | number).select(`${target.model.tableName}.${target.model.idColumn as string}`);
    if (!found) {
      throw new NotFoundError(say('record_not_found', { records: resourceName, id: String(value) }), { [field]: say('field_no_such_record') });
    }
  }
}

function storable(declaration: ResourceDeclaration, data: Record<string, unknown>) {
  const copy = { ...data };
  for (const name of declaration.writeOnlyFields ?? []) delete copy[name];
  return copy;
}

export async function createRecord(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, body: unknown) {
  requireAccess(declaration, request.user, 'create');
  return deps.knex.transaction(async (trx) => {
    const ctx = await prepareCreate(deps, declaration, request.user, trx, body);
    const [record] = await insertPrepared(declaration, request, trx, [ctx]);
    if (!record) throw new NotFoundError(say('referred_record_not_found', { records: declaration.name }));
    return record;
  });
}

/**
 * A create up to its insert: the body as a write may set it, checked field by field, the records
 * it points at in the author's scope, the declaration's rules, then the whole record checked.
 * A single create and each row of an import (server/imports/) go through these same steps.
 */
export async function prepareCreate(deps: EngineDeps, declaration: ResourceDeclaration, user: CurrentUser, trx: Knex.Transaction, body: unknown): Promise<WriteContext> {
  const data = writableInput(declaration, user, body, null);
  validate(declaration, data, true);
  await checkReferences(deps, declaration, user, trx, data);
  const ctx: WriteContext = { trx, user, action: 'create', before: null, data, clock: deps.clock, resources: deps.resources ?? [] };
  await declaration.beforeWrite?.(ctx);
  validate(declaration, ctx.data);
  return ctx;
}

/**
 * Inserts prepared creates in one statement and reads them back through the author's scope;
 * each visible one gets its afterWrite and its audit row (with `audit`'s extra keys), in order.
 * Answers each record, or null for one its author cannot see once written (a reference that
 * took it out of scope): the caller refuses those.
 */
export async function insertPrepared(
  declaration: ResourceDeclaration,
  request: RequestInfo,
  trx: Knex.Transaction,
  prepared: readonly WriteContext[],
  audit: Record<string, unknown> = {},
): Promise<(AnyRow | null)[]> {
  if (prepared.length === 0) return [];
  const idColumn = declaration.model.idColumn as string;
  const inserted = await declaration.model.query(trx).insert(prepared.map((ctx) => storable(declaration, ctx.data)) as any).returning(idColumn);
  const ids = (inserted as unknown as Record<string, string | number>[]).map((row) => row[idColumn]);
  const qb = scopedQuery(declaration, request.user, trx);
  const visible = await qb.whereIn(`${declaration.model.tableName}.${idColumn}`, ids).select(listColumns(declaration, qb));
  const byId = new Map(visible.map((row) => [String((row as any)[idColumn]), present(declaration, row)]));
  const records = ids.map((id) => byId.get(String(id)) ?? null);
  const entries: AuditEntry[] = [];
  for (const [i, record] of records.entries()) {
    if (!record) continue;
    await declaration.afterWrite?.({ ...prepared[i], record });
    entries.push({ user_id: request.user.id, action: 'create', resource: declaration.name, record_id: ids[i], after: auditable(declaration, record, prepared[i].data), ip: request.ip, context: audit });
  }
  await writeAuditRows(trx, entries);
  return records;
}

export async function updateRecord(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string, body: unknown) {
  requireAccess(declaration, request.user, 'update');
  const id = checkId(declaration, rawId);
  return deps.knex.transaction(async (trx) => {
    const before = await lockInScope(trx, declaration, request.user, id);
    return updateLocked(deps, declaration, request, trx, id, before, body);
  });
}

/**
 * An update of a record already locked in the caller's scope: the version, the body as a write
 * may set it, the references it changes, the rules, the whole record checked, the patch with
 * its new version, the answer read back and the audit row — `update`, or another action with
 * extra keys (a restore names the entry it restored).
 */
export async function updateLocked(
  deps: EngineDeps,
  declaration: ResourceDeclaration,
  request: RequestInfo,
  trx: Knex.Transaction,
  id: string | number,
  before: AnyRow,
  body: unknown,
  audit: { action: string; context?: Record<string, unknown> } = { action: 'update' },
) {
  if (declaration.versioned) await checkVersion(trx, declaration, request.user, before, body);
  const changes = writableInput(declaration, request.user, body, before);
  validate(declaration, changes, true);
  const changed = Object.fromEntries(Object.entries(changes).filter(([name, value]) => String(before[name]) !== String(value)));
  await checkReferences(deps, declaration, request.user, trx, changed);
  const ctx: WriteContext = { trx, user: request.user, action: 'update', before, data: { ...before, ...changes }, clock: deps.clock, resources: deps.resources ?? [] };
  await declaration.beforeWrite?.(ctx);
  validate(declaration, ctx.data);
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(storable(declaration, ctx.data))) {
    if (name in before && JSON.stringify(before[name]) === JSON.stringify(value)) continue;
    if (['id', 'created_at', 'updated_at', 'version'].includes(name)) continue;
    patch[name] = value;
  }
  if (declaration.versioned) patch.version = Number(before.version) + 1;
  if (Object.keys(patch).length) {
    await declaration.model.query(trx).patch(patch).where(declaration.model.idColumn as string, id);
    await keepLargeTextVersions(trx, declaration, id, before, patch);
  }
  const visible = await readBack(declaration, request.user, trx, id);
  if (!visible) throw new NotFoundError(say('referred_record_not_found', { records: declaration.name }));
  const record = present(declaration, visible);
  await declaration.afterWrite?.({ ...ctx, record });
  const after = auditable(declaration, record, ctx.data, before);
  await writeAudit(trx, { user_id: request.user.id, action: audit.action, resource: declaration.name, record_id: id, before: auditable(declaration, before), after, ip: request.ip, context: audit.context });
  return record;
}

async function checkVersion(trx: Knex.Transaction, declaration: ResourceDeclaration, reader: CurrentUser, before: AnyRow, body: unknown) {
  const sent = (body as Record<string, unknown> | null)?.version;
  if (sent === undefined || sent === null) {
    throw new ValidationError(say('version_required', { records: declaration.name }), { version: say('field_required') });
  }
  if (Number(sent) !== before.version) {
    const change = await lastChange(trx, declaration, reader, before);
    const versions = { changed_at: change.changed_at, sent: String(sent), current: String(before.version) };
    const message =
      change.changed_by !== null
        ? say('version_stale_by', { ...versions, changed_by: change.changed_by })
        : change.changed_by_user
          ? say('version_stale_by_other', versions)
          : say('version_stale', versions);
    throw new StaleVersionError(message, change);
  }
}

/**
 * Who wrote the record last (its newest audit row; a job writes without a user) and when (its
 * updated_at, on the server's clock). The writer is named only to a reader who may see that
 * user, as the users list does (same organisation, or a global role): a name never crosses
 * organisations.
 */
async function lastChange(trx: Knex.Transaction, declaration: ResourceDeclaration, reader: CurrentUser, record: AnyRow): Promise<LastChange> {
  const row: { user_id: number | null; full_name: string | null; organization_id: number | null } | undefined = await trx('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where({ 'a.resource': declaration.name, 'a.record_id': String(record.id) })
    .orderBy('a.id', 'desc')
    .first('a.user_id', 'u.full_name', 'u.organization_id');
  const named = row?.full_name != null && (isGlobalReader(reader) || (row.organization_id !== null && Number(row.organization_id) === reader.organization_id));
  return {
    changed_by: named ? row!.full_name : null,
    changed_by_user: row?.user_id != null,
    changed_at: new Date(record.updated_at).toISOString(),
    version: Number(record.version),
  };
}

export async function deleteRecord(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string) {
  requireAccess(declaration, request.user, 'delete');
  const id = checkId(declaration, rawId);
  return deps.knex.transaction(async (trx) => {
    const before = await lockInScope(trx, declaration, request.user, id);
    const archive = declaration.archivable && request.user.role !== 'system_admin';
    const ctx: WriteContext = { trx, user: request.user, action: 'delete', before, data: before, clock: deps.clock, resources: deps.resources ?? [] };
    await declaration.beforeWrite?.(ctx);
    if (archive) {
      if (before.archived_at) throw new ConflictError(say('already_archived', { records: declaration.name }));
      await declaration.model.query(trx).patch({ archived_at: deps.clock().toISOString() } as any).where(declaration.model.idColumn as string, id);
      const record = present(declaration, (await declaration.model.query(trx).findById(id))!);
      await writeAudit(trx, { user_id: request.user.id, action: 'archive', resource: declaration.name, record_id: id, before: auditable(declaration, before), after: auditable(declaration, record), ip: request.ip });
      return record;
    }
    await declaration.model.query(trx).delete().where(declaration.model.idColumn as string, id);
    await forgetLargeTextVersions(trx, declaration, id);
    await writeAudit(trx, { user_id: request.user.id, action: 'delete', resource: declaration.name, record_id: id, before: auditable(declaration, before), ip: request.ip });
    return before;
  });
}

export async function runAction(
  deps: EngineDeps,
  declaration: ResourceDeclaration,
  action: ActionDeclaration<any, any>,
  request: RequestInfo,
  rawId: string,
  body: unknown,
) {
  if (!action.roles.includes(request.user.role)) {
    throw new ForbiddenError(say('role_may_not', { role: request.user.role, action: action.name, records: declaration.name }));
  }
  const id = checkId(declaration, rawId);
  return deps.knex.transaction(async (trx) => {
    const record = await lockInScope(trx, declaration, request.user, id);
    const input = parseActionInput(declaration, action, record, body);
    const result = await action.run({
      trx,
      user: request.user,
      record,
      input,
      clock: deps.clock,
      audit: (entry) =>
        writeAudit(trx, { user_id: request.user.id, action: entry.action, resource: entry.resource, record_id: entry.record_id, before: entry.before, after: entry.after, ip: request.ip }),
    });
    const answer = 'patch' in result ? await applyPatch(trx, declaration, request.user, id, record, result.patch) : present(declaration, result.record);
    await writeAudit(trx, { user_id: request.user.id, action: action.name, resource: declaration.name, record_id: id, before: auditable(declaration, record), after: auditable(declaration, answer), ip: request.ip });
    return answer;
  });
}

/**
 * The actions the caller may run on a record now (404 outside its scope): its role's, from the
 * record's status, and accepted by the action's own check.
 */
export async function offeredActions(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string): Promise<{ actions: string[] }> {
  const record = await getRecord(deps, declaration, request, rawId);
  const actions: string[] = [];
  for (const action of declaration.actions ?? []) {
    if (!action.roles.includes(request.user.role)) continue;
    if (action.fromStatus?.length && !action.fromStatus.includes(String(record.status))) continue;
    if (action.accepted && !(await action.accepted({ db: deps.knex, user: request.user, record }))) continue;
    actions.push(action.name);
  }
  return { actions };
}

/** An action's patch written to its record (a new version when versioned), read back through the caller's scope. */
async function applyPatch(trx: Knex.Transaction, declaration: ResourceDeclaration, user: CurrentUser, id: string | number, before: AnyRow, changes: object) {
  const patch: Record<string, unknown> = { ...changes };
  if (declaration.versioned) patch.version = Number(before.version) + 1;
  if (Object.keys(patch).length) await declaration.model.query(trx).patch(patch).where(declaration.model.idColumn as string, id);
  const qb = scopedQuery(declaration, user, trx);
  const visible = await qb.findById(id).select(wholeRecord(declaration, qb));
  if (!visible) throw notFound(declaration, id);
  return present(declaration, visible);
}
