/**
 * How a record is titled where another record refers to it (reference fields, page titles,
 * the groups of a question): a name when it has one, otherwise its number with what tells
 * records of that kind apart in a list — programme and the date it is known by
 * ("#12 · CSP · 2025-03-01"). The dashboard renders it from a record; the server's questions
 * compile it to SQL.
 */
export type TitleRule =
  | { kind: 'person' }
  | { kind: 'field'; field: string }
  | { kind: 'number'; program: boolean; dates: readonly string[] };

export const TITLE_CANDIDATES = ['full_name', 'name', 'title', 'label', 'contract_number', 'email', 'code'] as const;
export const DATE_CANDIDATES = ['referral_date', 'initiated_on', 'approved_on', 'start_date', 'log_date', 'review_date', 'month', 'service_month', 'activity_date'] as const;
export const TITLE_SEPARATOR = ' · ';

/** The rule for a resource with these fields. */
export function titleRule(fieldNames: readonly string[]): TitleRule {
  if (fieldNames.includes('first_name') && fieldNames.includes('last_name')) return { kind: 'person' };
  const field = TITLE_CANDIDATES.find((c) => fieldNames.includes(c));
  if (field) return { kind: 'field', field };
  return { kind: 'number', program: fieldNames.includes('program'), dates: DATE_CANDIDATES.filter((c) => fieldNames.includes(c)) };
}
