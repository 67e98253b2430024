import type { QueryBuilder } from 'objection';
import { largeTextDigest } from '../audit';
import { PayloadTooLargeError } from '../errors';
import { say } from '../messages';
import type { AnyRow, LargeTextField, ResourceDeclaration } from './types';

/**
 * Text fields that may be tens of megabytes (a daily log entry). A list never carries them:
 * each row has `<field>_preview` (the first characters, cut by PostgreSQL with `left()`, so the
 * server never reads the whole text for a list) and `<field>_length` (its length in
 * characters). Reading one record gives the whole text, and GET /api/<name>/:id/<field> streams
 * it as text/plain. Writes are refused above the field's limit (413), and the audit trail
 * records each text's digest and size instead of a copy.
 */
const MB = 1024 * 1024;

export const previewField = (field: string) => `${field}_preview`;
export const lengthField = (field: string) => `${field}_length`;

function largeTexts(declaration: ResourceDeclaration): [string, LargeTextField][] {
  return Object.entries(declaration.largeText ?? {}) as [string, LargeTextField][];
}

function largeFields(declaration: ResourceDeclaration): string[] {
  return largeTexts(declaration).map(([field]) => field);
}

/** Fields a list row carries instead of the texts; written back by forms, they are ignored. */
export function largeTextComputedFields(declaration: ResourceDeclaration): string[] {
  return largeFields(declaration).flatMap((field) => [previewField(field), lengthField(field)]);
}

/**
 * The request body limit of a record's create and update: the texts' limits plus a tenth for
 * JSON's escapes (a newline is sent as two bytes), rounded up to a megabyte; 0 for resources
 * without large text, which keep the small default.
 */
export function largeTextRequestLimit(declaration: ResourceDeclaration): number {
  const texts = largeTexts(declaration).reduce((sum, [, spec]) => sum + spec.maxBytes, 0);
  return texts && texts + Math.ceil(texts / 10 / MB) * MB;
}

/** What a list (and a write's answer) selects: every column, large texts as preview and length. */
export function listColumns(declaration: ResourceDeclaration, qb: QueryBuilder<any, any>) {
  const table = declaration.model.tableName;
  const large = largeFields(declaration);
  if (!large.length) return [`${table}.*`];
  const raw = qb.modelClass().raw.bind(qb.modelClass());
  const columns = ['id', 'created_at', 'updated_at', ...Object.keys(declaration.model.jsonSchema?.properties ?? {})];
  return [
    ...[...new Set(columns)].filter((name) => !large.includes(name)).map((name) => `${table}.${name}`),
    ...largeTexts(declaration).flatMap(([field, spec]) => [
      raw('left(??, ?) as ??', [`${table}.${field}`, spec.previewChars, previewField(field)]),
      raw('length(??)::int as ??', [`${table}.${field}`, lengthField(field)]),
    ]),
  ];
}

/** 413 when a text is over its field's limit; the message names the limit. */
export function checkLargeTextSizes(declaration: ResourceDeclaration, data: Record<string, unknown>) {
  for (const [field, spec] of largeTexts(declaration)) {
    const value = data[field];
    if (typeof value !== 'string') continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > spec.maxBytes) {
      throw new PayloadTooLargeError(
        say('text_too_large', { field, limit: spec.maxBytes / MB, bytes_limit: spec.maxBytes, bytes }),
        { [field]: say('field_at_most_mb', { limit: spec.maxBytes / MB }) },
      );
    }
  }
}

/**
 * An audit copy of a record with each large text replaced by its digest and size, taken from
 * `texts` (the record as written, when the copy is a list-shaped answer); `previous` adds where
 * the text first changed.
 */
export function auditLargeText(declaration: ResourceDeclaration, copy: AnyRow, texts: Record<string, unknown>, previous: Record<string, unknown> | null = null): AnyRow {
  for (const field of largeFields(declaration)) {
    delete copy[previewField(field)];
    delete copy[lengthField(field)];
    const text = texts[field];
    if (typeof text !== 'string') continue;
    const before = previous?.[field];
    copy[field] = largeTextDigest(text, typeof before === 'string' ? before : undefined);
  }
  return copy;
}
