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

export function fieldLabel(language: Language, resource: string, field: string): string {
  return lookup(language, `resources.${resource}.fields.${field}`) ?? lookup(language, `app.fields.${field}`) ?? humanize(field);
}

export function enumLabel(language: Language, resource: string, field: string, value: string): string {
  return lookup(language, `resources.${resource}.enums.${field}.${value}`) ?? lookup(language, `app.enums.${value}`) ?? humanize(value);
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
