import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { ValidationError as ObjectionValidationError } from 'objection';
import { IMPORT_ERRORS_LISTED, type ImportAnswer, type ImportMapping, type ImportProgress, type ImportRowError, type ImportStatus } from '../../contract/imports';
import { writeAudit } from '../audit';
import { AppError, ValidationError } from '../errors';
import { say, type Message } from '../messages';
import { Import } from '../models';
import { insertPrepared, prepareCreate, requireAccess, type EngineDeps, type RequestInfo } from '../resources/engine';
import type { ResourceDeclaration, WriteContext } from '../resources/types';
import type { FieldErrors } from '../errors';
import { modelFieldErrors } from '../validation';
import { cellError } from './cellError';
import { importTargets, parseMapping, planColumns, rowBody, suggestMapping, type ColumnPlan } from './mapping';
import { naturalKeyLookup, type KeyedRow } from './naturalKeys';
import { openTable, type TableRow } from './read';
import type { ReceivedFile } from './upload';

/**
 * A bulk import, all or nothing. The `imports` row is written first (status `running`, so the
 * import can be watched and cancelled), then one transaction reads the file a batch of rows at
 * a time: each row goes through the steps of a single create (engine.ts prepareCreate: the
 * fields, the references in the importer's scope, the declaration's rules), a batch's good
 * rows are inserted in one statement with one audit row each, and a bad row is noted with
 * every cell the engine refused. Rows after a bad one are still checked, so the report names
 * every bad row. At the end the transaction commits only when no row was refused, it is not a
 * dry run and nobody cancelled it; the import's own audit row and its `committed` status are
 * part of that same commit. A file already committed under the same key (its SHA-256, or the
 * `import_key` the caller gives) is not imported again: an advisory lock on the key makes a
 * second run wait for the first, and a unique index backs it.
 */
export interface ImportRun {
  deps: EngineDeps;
  declaration: ResourceDeclaration;
  request: RequestInfo;
  file: ReceivedFile;
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** aborted when the client went away: the import stops as cancelled */
  signal?: AbortSignal;
}

/**
 * Rows prepared and inserted together: one INSERT, one read back through the importer's scope
 * and one audit INSERT each. The read back computes the ids the importer sees (scope.ts), which
 * grow with the import itself, so fewer, larger batches cost much less: 2,000 rows a batch read
 * back a quarter as often as 500 did (100,000 children: 78 s of 123 s were read backs at 500,
 * bench/README.md). A batch stays within PostgreSQL's 65,535 bindings a statement.
 */
const BATCH_ROWS = 2000;
const MAX_BINDINGS = 65_535;

/** The rows of a batch of `declaration`: at most BATCH_ROWS, and few enough for every column of each to be a binding. */
function batchRows(declaration: ResourceDeclaration): number {
  const columns = Object.keys(declaration.model.jsonSchema?.properties ?? {}).length + 2;
  return Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_BINDINGS / columns)));
}
/** How often the `imports` row's progress is written (and a cancel request looked for). */
const PROGRESS_EVERY_MS = 500;

/** Ends the import's transaction without committing it; `status` says why. */
class Stop extends Error {
  constructor(
    readonly status: Exclude<ImportStatus, 'running' | 'committed' | 'failed'>,
    readonly sameAs: { id: number; row_count: number } | null = null,
  ) {
    super(status);
  }
}

const cameFromDatabase = (error: unknown) => typeof (error as { cause?: { code?: unknown } })?.cause?.code === 'string';

/** An error that refuses a row (or the file), as opposed to a fault of the server. */
const isRefusal = (error: unknown) => error instanceof AppError || error instanceof ObjectionValidationError;

/** What the engine refused about one row, cell by cell when it named the fields. */
function rowErrors(row: number, error: unknown, plan: readonly ColumnPlan[]): ImportRowError[] {
  let fields: FieldErrors;
  let message: Message;
  if (error instanceof AppError) {
    fields = error.fieldMessages;
    message = error.said;
  } else if (error instanceof ObjectionValidationError) {
    fields = modelFieldErrors(error);
    message = say('validation_failed');
  } else {
    throw error;
  }
  const entries = Object.entries(fields);
  if (!entries.length) return [cellError(row, null, null, message)];
  return entries.map(([field, problem]) => cellError(row, field, plan.find((p) => p.field.name === field)?.column ?? null, problem));
}

/** The key a file is imported under: the caller's `import_key`, else the file's SHA-256. */
function importKeyOf(file: ReceivedFile): string {
  const given = file.fields.import_key?.trim();
  if (given === undefined || given === '') return `sha256:${file.sha256}`;
  if (given.length > 200) throw new ValidationError(say('import_key_too_long', { limit: 200 }), { import_key: say('field_max_length', { limit: 200 }) });
  return given;
}

/** The caller's mapping of the resource in its latest import: the column names it mapped, and to what. */
export async function savedMapping(knex: Knex, userId: number, resource: string): Promise<ImportMapping> {
  const latest = await Import.query(knex).where({ user_id: userId, resource }).whereNotNull('mapping').orderBy('id', 'desc').first();
  return latest?.mapping ?? {};
}

export async function runImport(run: ImportRun): Promise<ImportAnswer> {
  const { deps, declaration, request, file, dryRun } = run;
  const { user } = request;
  requireAccess(declaration, user, 'create');
  const resources = deps.resources ?? [];
  const importKey = importKeyOf(file);
  const table = await openTable(file.path, file.bytes);
  try {
    const targets = importTargets(declaration, resources);
    const mapping = parseMapping(file.fields.mapping) ?? suggestMapping(table.columns, targets, await savedMapping(deps.knex, user.id, declaration.name));
    const plan = planColumns(declaration, targets, table.columns, mapping);
    const ignored = table.columns.filter((column) => column && !plan.some((p) => p.column === column));
    const record = await Import.query(deps.knex)
      .insert({
        user_id: user.id,
        organization_id: user.organization_id,
        resource: declaration.name,
        import_key: importKey,
        file_name: file.fileName,
        format: table.format,
        bytes: file.bytes,
        dry_run: dryRun,
        status: 'running',
        mapping,
        started_at: deps.clock().toISOString(),
      } as any)
      .returning('id');
    const importId = Number(record.id);

    const errors: ImportRowError[] = [];
    let errorCount = 0;
    let rows = 0;
    let created = 0;
    const note = (found: readonly ImportRowError[]) => {
      errorCount += found.length;
      for (const error of found) if (errors.length < IMPORT_ERRORS_LISTED) errors.push(error);
    };
    const progress = (phase: ImportProgress['phase']) => run.onProgress?.({ import_id: importId, phase, rows, fraction: table.fraction() });
    let lastWritten = performance.now();
    /** The progress written last (on a connection of its own), answering whether a cancel was asked for. */
    let progressWritten: Promise<boolean> = Promise.resolve(false);
    const writeProgress = async () => {
      const [state] = await Import.query(deps.knex)
        .patch({ row_count: rows, bytes_read: Math.round(table.fraction() * file.bytes) })
        .where('id', importId)
        .returning('cancel_requested_at');
      return Boolean((state as unknown as Import | undefined)?.cancel_requested_at);
    };
    /**
     * Writes the progress for whoever watches the imports list, and stops when a cancel was
     * asked for. The write runs while the next batch is checked, and is looked at by the next
     * checkpoint (a cancel is seen within two intervals); `force` waits for it.
     */
    const checkpoint = async (force = false) => {
      if (run.signal?.aborted) throw new Stop('cancelled');
      if (!force && performance.now() - lastWritten < PROGRESS_EVERY_MS) return;
      lastWritten = performance.now();
      const previous = progressWritten;
      progressWritten = writeProgress();
      // looked at by the next checkpoint; a failure is then thrown there
      progressWritten.catch(() => undefined);
      if ((await previous) || (force && (await progressWritten))) throw new Stop('cancelled');
    };
    progress('received');

    // A batch's rows are noted as each step refuses them; the report lists them in file order.
    const finish = (status: ImportAnswer['status'], sameAs: { id: number; row_count: number } | null): ImportAnswer => ({
      import_id: importId,
      status,
      dry_run: dryRun,
      rows: sameAs ? sameAs.row_count : rows,
      created: status === 'committed' ? created : 0,
      errors: status === 'already_imported' ? [] : [...errors].sort((a, b) => a.row - b.row),
      error_count: status === 'already_imported' ? 0 : errorCount,
      same_as_import_id: sameAs?.id ?? null,
      mapping,
      ignored_columns: ignored,
    });
    const finalState = (answer: ImportAnswer) => ({
      status: answer.status,
      row_count: answer.rows,
      created_count: answer.created,
      error_count: answer.error_count,
      errors: answer.errors,
      same_as_import_id: answer.same_as_import_id,
      bytes_read: Math.round(table.fraction() * file.bytes),
      finished_at: deps.clock().toISOString(),
    });

    try {
      const answer = await deps.knex.transaction(async (trx) => {
        // Runs of one key take turns; the second then finds the first committed.
        await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`import:${declaration.name}:${importKey}`]);
        const previous = await Import.query(trx).where({ resource: declaration.name, import_key: importKey, status: 'committed' }).first();
        if (previous) throw new Stop('already_imported', { id: Number(previous.id), row_count: previous.row_count });

        const resolveKeys = naturalKeyLookup(resources, user, trx);
        const flush = async (batch: KeyedRow[]) => {
          await resolveKeys(batch);
          await trx.raw('savepoint import_batch');
          const prepared: { row: number; ctx: WriteContext }[] = [];
          for (const item of batch) {
            if (item.errors.length) {
              note(item.errors);
              continue;
            }
            try {
              prepared.push({ row: item.row, ctx: await prepareCreate(deps, declaration, user, trx, item.body) });
            } catch (error) {
              note(rowErrors(item.row, error, plan));
              // A refusal from PostgreSQL aborts the transaction: back to the batch's start (the rules only read).
              if (cameFromDatabase(error)) await trx.raw('rollback to savepoint import_batch');
            }
          }
          const insert = async (items: typeof prepared) => {
            const written = await insertPrepared(declaration, request, trx, items.map((p) => p.ctx), { import_id: importId });
            written.forEach((visible, i) => {
              if (visible) created += 1;
              else note([cellError(items[i].row, null, null, say('referred_record_not_found', { records: declaration.name }))]);
            });
          };
          try {
            await insert(prepared);
          } catch (batchError) {
            if (!isRefusal(batchError)) throw batchError;
            // One of them broke a constraint: find which, each in its own savepoint.
            await trx.raw('rollback to savepoint import_batch');
            for (const item of prepared) {
              await trx.raw('savepoint import_row');
              try {
                await insert([item]);
                await trx.raw('release savepoint import_row');
              } catch (error) {
                note(rowErrors(item.row, error, plan));
                await trx.raw('rollback to savepoint import_row');
              }
            }
          }
          await trx.raw('release savepoint import_batch');
          progress('validating');
          await checkpoint();
        };

        const batchSize = batchRows(declaration);
        let batch: KeyedRow[] = [];
        const source = table.rows[Symbol.asyncIterator]();
        for (let lastRow = 1; ; ) {
          let next: IteratorResult<TableRow>;
          try {
            next = await source.next();
          } catch (error) {
            // The file itself went wrong part way (a broken quote): reported at the row it names, else after the last row read.
            if (!(error instanceof AppError)) throw error;
            const { row } = error.said.params;
            note([cellError(typeof row === 'number' ? row : lastRow + 1, null, null, error.said)]);
            break;
          }
          if (next.done) break;
          const { row, cells } = next.value;
          rows += 1;
          lastRow = row;
          batch.push({ row, ...rowBody(row, cells, plan) });
          if (batch.length >= batchSize) {
            await flush(batch);
            batch = [];
          }
        }
        await flush(batch);
        await checkpoint(true);
        if (errorCount) throw new Stop('refused');
        if (dryRun) throw new Stop('dry_run');

        progress('committing');
        const done = finish('committed', null);
        const marked = await Import.query(trx).patch(finalState(done)).where('id', importId).whereNull('cancel_requested_at');
        if (!marked) throw new Stop('cancelled');
        await writeAudit(trx, {
          user_id: user.id,
          action: 'import',
          resource: 'imports',
          record_id: importId,
          after: { resource: declaration.name, import_key: importKey, file_name: file.fileName, rows, created },
          ip: request.ip,
        });
        return done;
      });
      return answer;
    } catch (error) {
      // a progress write still under way must not land after the final state
      await progressWritten.catch(() => undefined);
      if (!(error instanceof Stop)) {
        await Import.query(deps.knex)
          .patch({ status: 'failed', failure: say('import_stopped_on_error').text, finished_at: deps.clock().toISOString() })
          .where('id', importId);
        throw error;
      }
      const answer = finish(error.status, error.sameAs);
      await Import.query(deps.knex).patch(finalState(answer)).where('id', importId);
      return answer;
    }
  } finally {
    table.close();
  }
}
