import type { Knex } from 'knex';

/**
 * SQL written as text with its values bound: `sql\`… where due_on <= ${today}\`` is a
 * fragment `{ text: '… where due_on <= ?', values: [today] }`, and a fragment interpolated into
 * another is spliced in with its own values, so queries are composed from pieces (a rule, a
 * scope, a filter) without counting placeholders. Values are always bound, never pasted; the
 * text comes from the code. Knex runs a fragment with `run(knex, fragment)`.
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

const FRAGMENT = Symbol('sql');
type Fragment = Sql & { readonly [FRAGMENT]: true };

function fragment(text: string, values: readonly unknown[]): Fragment {
  return { text, values, [FRAGMENT]: true };
}

function isFragment(value: unknown): value is Fragment {
  return typeof value === 'object' && value !== null && FRAGMENT in value;
}

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  let text = strings[0];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (isFragment(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1];
  });
  return fragment(text, values);
}

/** Fragments joined by a separator (`union all`, `and`, `, `). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return fragment(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.values),
  );
}

/** Text from the code itself (a column or a keyword chosen from a whitelist), never from a request. */
export function trusted(text: string): Sql {
  return fragment(text, []);
}

/** A query knex compiled (its `?` placeholders and bindings) as a fragment. */
export function compiled(query: { sql: string; bindings: readonly unknown[] }): Sql {
  return fragment(query.sql, query.bindings);
}

export async function run<Row>(knex: Knex | Knex.Transaction, query: Sql): Promise<Row[]> {
  const result = await knex.raw<{ rows: Row[] }>(query.text, query.values as Knex.RawBinding[]);
  return result.rows;
}
