import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { rowTimestamps } from './db/clock';
import { auditSummary } from './history/summary';

export interface AuditEntry {
  user_id: number | null;
  action: string;
  resource: string;
  record_id?: number | string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /** more keys of `changes` beside before and after (an import's id, the entry a restore took its values from) */
  context?: Record<string, unknown>;
}

function auditRow(db: Knex | Knex.Transaction, entry: AuditEntry) {
  const stamps = rowTimestamps(db);
  return {
    user_id: entry.user_id,
    action: entry.action,
    resource: entry.resource,
    record_id: entry.record_id == null ? null : String(entry.record_id),
    changes: JSON.stringify({ before: entry.before ?? null, after: entry.after ?? null, ...entry.context }),
    summary: auditSummary(entry.before, entry.after),
    ip: entry.ip ?? null,
    // `at` defaults to PostgreSQL's now(): the injected clock's instant instead, as for created_at.
    at: stamps.created_at,
    ...stamps,
  };
}

/** Writes one audit_events row; call it with the transaction of the change it records. */
export async function writeAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  await db('audit_events').insert(auditRow(db, entry));
}

/** Several audit rows in one statement (an import's batch of creates). */
export async function writeAuditRows(db: Knex | Knex.Transaction, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length) await db('audit_events').insert(entries.map((entry) => auditRow(db, entry)));
}

/** How the audit trail records a large text: its SHA-256 and size, not a copy. */
export interface LargeTextDigest {
  sha256: string;
  bytes: number;
  /** its length in characters (code points, as PostgreSQL's length() and a list's `<field>_length` count) */
  characters: number;
  /** on a change, the offset (in UTF-16 code units) of the first character that differs; null when unchanged */
  first_difference_at?: number | null;
}

export function largeTextDigest(text: string, previous?: string): LargeTextDigest {
  const digest: LargeTextDigest = {
    sha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex'),
    bytes: Buffer.byteLength(text, 'utf8'),
    characters: codePoints(text),
  };
  if (previous !== undefined) digest.first_difference_at = firstDifference(previous, text);
  return digest;
}

/** A pair of UTF-16 surrogates is one character (lone surrogates are refused at the edge: server/wellFormed.ts). */
function codePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) pairs += 1;
  }
  return text.length - pairs;
}

function firstDifference(a: string, b: string): number | null {
  if (a === b) return null;
  // Whole blocks first (string comparison is fast), then character by character in the block that differs.
  const block = 64 * 1024;
  let start = 0;
  while (start < a.length && start < b.length && a.slice(start, start + block) === b.slice(start, start + block)) start += block;
  const end = Math.min(a.length, b.length, start + block);
  for (let i = start; i < end; i += 1) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return end;
}
