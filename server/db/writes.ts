/**
 * A counter that moves whenever this process may have committed a write through a knex of
 * createKnex (server/db/knex.ts), for what keeps a read's answer for a moment (the reports'
 * memo, server/reports/runMemo.ts): an answer kept at one value is not reused at another.
 *
 * Every statement goes through `noteStatement` once it has run. A statement that writes moves
 * the counter at once (outside a transaction it is already committed) and, in a transaction
 * (knex marks its connection with `__knexTxId`), marks the connection: the COMMIT of a marked
 * connection moves it again, so an answer read before the commit is not reused after it. A raw
 * `select` (or `with … select`, after any leading comments) is taken for a read: a function it
 * calls that writes is not seen, nor is a write of another process (both are bounded by the
 * memo's few seconds instead). The audit trail's inserts do not count: every report writes one.
 */
let generation = 0;

const wroteInTransaction = new WeakSet<object>();

const READ = /^\s*(select|with|show|set|explain|values)\b/i;
const WRITE_IN_READ = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|merge\s+into)\b/i;
const AUDIT_INSERT = /^\s*insert\s+into\s+"?audit_events"?\s/i;

/** White space and comments before a statement's first word (the reports' statements open with a comment). */
const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

function writes(sql: string): boolean {
  const statement = sql.replace(LEADING_COMMENTS, '');
  if (AUDIT_INSERT.test(statement)) return false;
  return !READ.test(statement) || WRITE_IN_READ.test(statement);
}

export function writeGeneration(): number {
  return generation;
}

/** Called with every statement a connection has run: knex's own BEGIN/COMMIT/ROLLBACK come as strings. */
export function noteStatement(connection: object, statement: unknown): void {
  if (typeof statement === 'string') {
    if (/^\s*commit\b/i.test(statement) && wroteInTransaction.delete(connection)) generation += 1;
    else if (/^\s*rollback\s*;?\s*$/i.test(statement)) wroteInTransaction.delete(connection);
    return;
  }
  const sql = (statement as { sql?: unknown } | null)?.sql;
  if (typeof sql !== 'string' || !writes(sql)) return;
  // knex marks a connection with its transaction's id while one holds it
  if ((connection as { __knexTxId?: unknown }).__knexTxId !== undefined) wroteInTransaction.add(connection);
  generation += 1;
}
