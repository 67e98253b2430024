import { AppError, type ErrorCode, type FieldErrors } from './errors';
import { say, type Message } from './messages';

/**
 * Text and JSON the server accepts from a request: PostgreSQL refuses a NUL character in text
 * (so it would fail deep inside a query), a lone UTF-16 surrogate cannot be stored as UTF-8 (the
 * driver would silently write U+FFFD instead), and a deeply nested value overflows the stack of
 * every recursive walk after the parser (comparisons, JSON.stringify, the validator). Each is
 * refused here, at the edge, with a 400 that says where it was found.
 */
export const MAX_JSON_DEPTH = 64;

/** In a `u` regular expression a string is read by code points, so only an unpaired half is one. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** 400 for text the server cannot store as sent; `errors` names the top-level field when there is one. */
export class MalformedInputError extends AppError {
  constructor(message: Message, code: Extract<ErrorCode, 'malformed_input' | 'malformed_url' | 'malformed_json' | 'too_deep'> = 'malformed_input', errors: FieldErrors = {}) {
    super(code, message, errors);
  }
}

/** Why a string cannot be accepted, or null when it can. */
export function textProblem(text: string): Message | null {
  if (text.includes('\u0000')) return say('field_has_nul');
  if (LONE_SURROGATE.test(text)) return say('field_lone_surrogate');
  return null;
}

/**
 * Walks a parsed JSON value without recursion (a 5,000-deep array must not overflow this check
 * either): every string and key well formed, nesting at most MAX_JSON_DEPTH. `where` names the
 * value in messages ("the request body", "filter").
 */
export function checkJsonValue(value: unknown, where: string): void {
  const pending: { value: unknown; depth: number; field: string | null }[] = [{ value, depth: 0, field: null }];
  while (pending.length) {
    const { value: current, depth, field } = pending.pop()!;
    const refuse = (problem: Message, code: 'malformed_input' | 'too_deep' = 'malformed_input') => {
      const subject = field === null ? where.charAt(0).toUpperCase() + where.slice(1) : `"${field}" in ${where}`;
      throw new MalformedInputError(say('text_refused', { subject, problem: problem.text }), code, field === null ? {} : { [field]: problem });
    };
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) refuse(problem);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) refuse(say('field_nested_too_deep', { limit: MAX_JSON_DEPTH }), 'too_deep');
    if (Array.isArray(current)) {
      for (const item of current) pending.push({ value: item, depth: depth + 1, field });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const problem = textProblem(key);
      if (problem) throw new MalformedInputError(say('field_name_refused', { where, problem: problem.text }));
      pending.push({ value: item, depth: depth + 1, field: field ?? key });
    }
  }
}
