/**
 * One list filter that means "both of these": the question's filter, the dashboard's and a
 * group's own condition, as a single object the list dialect takes (`/<resource>?filter=`).
 * Different keys are ANDed by the list already; on the same key the narrower condition is
 * kept — the later lower bound, the earlier upper bound, the values both lists allow.
 */
const LOWER = ['_gte', '_gt'];
const UPPER = ['_lte', '_lt'];

function later(a: unknown, b: unknown): unknown {
  return typeof a === 'number' && typeof b === 'number' ? Math.max(a, b) : String(a) >= String(b) ? a : b;
}

function earlier(a: unknown, b: unknown): unknown {
  return typeof a === 'number' && typeof b === 'number' ? Math.min(a, b) : String(a) <= String(b) ? a : b;
}

function narrower(key: string, a: unknown, b: unknown): unknown {
  if (a === null || b === null) return b;
  if (LOWER.some((suffix) => key.endsWith(suffix))) return later(a, b);
  if (UPPER.some((suffix) => key.endsWith(suffix))) return earlier(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((value) => b.map(String).includes(String(value)));
  if (Array.isArray(a)) return b;
  if (Array.isArray(b)) return a;
  return b;
}

export function mergeFilters(...filters: Record<string, unknown>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const filter of filters) {
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (!(key in merged)) merged[key] = value;
      // every word of either search must appear
      else if (key === 'q') merged[key] = `${String(merged[key] ?? '')} ${String(value ?? '')}`.trim();
      else merged[key] = narrower(key, merged[key], value);
    }
  }
  return merged;
}
