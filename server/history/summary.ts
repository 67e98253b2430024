import { SYSTEM_FIELDS } from '../../contract/meta';

/**
 * The readable line of an audit row (`audit_events.summary`): each field that differs between
 * `before` and `after`, as `field: before → after`, joined by `; ` — a created record's
 * fields as `field: value`, a deleted one's as `field: value → —`. A large text is never
 * quoted, only sized (`body: 24 → 41 characters`), as its audit copy is a digest
 * (server/audit.ts largeTextDigest); a long value is cut. Null when nothing differs.
 */
const SUMMARY_VALUE_CHARS = 120;
const SUMMARY_CHARS = 2000;
const NOTHING = '—';
const SKIPPED = new Set(SYSTEM_FIELDS);

type Values = Record<string, unknown> | null;

interface Digest {
  sha256: string;
  characters?: number;
  bytes: number;
}

function isDigest(value: unknown): value is Digest {
  return typeof value === 'object' && value !== null && typeof (value as Digest).sha256 === 'string' && typeof (value as Digest).bytes === 'number';
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return NOTHING;
  if (isDigest(value)) return value.characters === undefined ? `${value.bytes} bytes` : `${value.characters} characters`;
  return cut(typeof value === 'string' ? value : JSON.stringify(value), SUMMARY_VALUE_CHARS);
}

function same(a: unknown, b: unknown): boolean {
  if (isDigest(a) && isDigest(b)) return a.sha256 === b.sha256;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function asValues(value: unknown): Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function auditSummary(rawBefore: unknown, rawAfter: unknown): string | null {
  const before = asValues(rawBefore);
  const after = asValues(rawAfter);
  if (!before && !after) return null;
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((name) => !SKIPPED.has(name));
  const parts: string[] = [];
  for (const name of names) {
    const [a, b] = [before?.[name] ?? null, after?.[name] ?? null];
    if (before && same(a, b)) continue;
    if (!before) {
      if (b !== null && b !== '') parts.push(`${name}: ${shown(b)}`);
      continue;
    }
    const sized = isDigest(a) && isDigest(b) && a.characters !== undefined && b.characters !== undefined;
    parts.push(sized ? `${name}: ${a.characters} → ${b.characters} characters` : `${name}: ${shown(a)} → ${shown(b)}`);
  }
  return parts.length ? cut(parts.join('; '), SUMMARY_CHARS) : null;
}
