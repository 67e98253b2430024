import { en } from '../../dashboard/src/i18n/en';
import { fr } from '../../dashboard/src/i18n/fr';

/**
 * The labels of fields and enumeration values in the caller's language, for the headers and
 * cells of a download. They are the dashboard's own catalogues (dashboard/src/i18n/en.ts and
 * fr.ts), looked up as its meta/fields.ts does — `resources.<r>.fields.<f>`, then
 * `app.fields.<f>`; `resources.<r>.enums.<f>.<v>`, then `app.enums.<v>` — so a file says what
 * the screen says, and test/e2e/labels.test.ts already checks both catalogues hold every name.
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGUES: Record<Language, object> = { en, fr };

function lookup(language: Language, key: string): string | undefined {
  let node: unknown = CATALOGUES[language];
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.trim() !== '' ? node : undefined;
}

/** A name without a label of its own, as the dashboard shows it: `place_of_service_id` → "Place of service". */
function humanize(name: string): string {
  const words = name.replace(/_id$/, '').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label at `key` of the catalogue (`app.download.columns.period`), or the key's last part humanized when it has none. */
export function catalogueLabel(language: Language, key: string): string {
  return lookup(language, key) ?? humanize(key.slice(key.lastIndexOf('.') + 1));
}

/** The label of an enumeration value: `<labels>.<value>` when the catalogue has it, then `app.enums.<value>`. */
export function valueLabel(language: Language, labels: string, value: string): string {
  return lookup(language, `${labels}.${value}`) ?? lookup(language, `app.enums.${value}`) ?? humanize(value);
}

export function fieldLabel(language: Language, resource: string, field: string): string {
  return lookup(language, `resources.${resource}.fields.${field}`) ?? lookup(language, `app.fields.${field}`) ?? humanize(field);
}

export function enumLabel(language: Language, resource: string, field: string, value: string): string {
  return valueLabel(language, `resources.${resource}.enums.${field}`, value);
}

/**
 * The few words a download adds to a field's label, for the columns it writes beside or
 * instead of a field: `Child (id)` beside `Child`, `Status (code)` beside `Status`, a large
 * text's `Body (preview)` and `Body (characters)`. The dashboard has no such columns, so they
 * have no place in its catalogues.
 */
const QUALIFIERS: Record<Language, Record<'id' | 'code' | 'preview' | 'length', string>> = {
  en: { id: 'id', code: 'code', preview: 'preview', length: 'characters' },
  fr: { id: 'id', code: 'code', preview: 'aperçu', length: 'caractères' },
};

export function qualifiedLabel(language: Language, label: string, qualifier: keyof (typeof QUALIFIERS)['en']): string {
  return `${label} (${QUALIFIERS[language][qualifier]})`;
}

/** How a download is written for people: its language, and labels or the stable field names as headers. */
export interface Readable {
  language: Language;
  headers: 'labels' | 'fields';
}

/** The query parameters that choose it (`lang`, `headers`), for a route's parameter schema. */
export const READABLE_PARAMETERS = {
  lang: { enum: LANGUAGES },
  headers: { enum: ['labels', 'fields'] },
} as const;

/** The language and headers asked for by `?lang` / Accept-Language and `?headers`. */
export function readableOptions(given: { lang?: Language; headers?: Readable['headers'] }, acceptLanguage: string | undefined): Readable {
  return { language: downloadLanguage(given.lang, acceptLanguage), headers: given.headers ?? 'labels' };
}

/**
 * The SQL of an enumeration's label column over a column `x` of the rows:
 * `case x::text when 'draft' then 'Draft' … end`, the values and labels as bindings, in the
 * order of their placeholders (`?` by default; named ones for a statement with named bindings).
 */
export function valueLabelSql(
  x: string,
  values: readonly string[],
  label: (value: string) => string,
  placeholder: (index: number) => string = () => '?',
): { sql: string; bindings: string[] } {
  const whens = values.map((_, i) => `when ${placeholder(2 * i)} then ${placeholder(2 * i + 1)}`);
  return { sql: `case ${x}::text ${whens.join(' ')} end`, bindings: values.flatMap((value) => [value, label(value)]) };
}

/**
 * The language a download is written in: `?lang=` when given, else the first language of
 * Accept-Language that has a catalogue, else English.
 */
export function downloadLanguage(lang: Language | undefined, acceptLanguage: string | undefined): Language {
  if (lang) return lang;
  for (const range of (acceptLanguage ?? '').split(',')) {
    const primary = range.trim().split(/[-;]/)[0].toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(primary)) return primary as Language;
  }
  return 'en';
}
