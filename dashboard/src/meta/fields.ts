import { LONG_TEXT_LENGTH, SYSTEM_FIELDS, type MetaField, type MetaResource } from '../../../contract/meta';
import { TITLE_SEPARATOR, titleRule } from '../../../contract/titles';
import { i18nProvider } from '../i18n';

/** How a field is shown and edited; the one place that reads a meta field's type. */
export type FieldKind =
  | 'reference'
  | 'enum'
  | 'date'
  | 'month'
  | 'datetime'
  | 'money'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'longText'
  | 'string'
  | 'json';

export const DEFAULT_LIST_COLUMNS = 6;

/** Dates that are always the first of a month (`month`, `service_month`) read and edit as months. */
const isMonthName = (name: string | undefined) => name === 'month' || Boolean(name?.endsWith('_month'));

export function fieldKind(field: Pick<MetaField, 'type' | 'enum' | 'reference' | 'max_length'> & { name?: string }): FieldKind {
  if (field.reference) return 'reference';
  if (field.enum && field.enum.length > 0) return 'enum';
  switch (field.type) {
    case 'date':
      return isMonthName(field.name) ? 'month' : 'date';
    case 'datetime':
      return 'datetime';
    case 'money':
      return 'money';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'json':
      return 'json';
    case 'text':
      return 'longText';
    default:
      return field.max_length && field.max_length > LONG_TEXT_LENGTH ? 'longText' : 'string';
  }
}

const isLong = (field: MetaField) => ['longText', 'json'].includes(fieldKind(field));

/**
 * The list's default columns: the first few short fields, system and write-only ones left out,
 * and the record's `status` wherever it comes in the declaration (where a placement or a
 * request stands is what a list is read for).
 */
export function listFields(resource: MetaResource, count = DEFAULT_LIST_COLUMNS): MetaField[] {
  const short = resource.fields.filter(f => !SYSTEM_FIELDS.includes(f.name) && !f.write_only && !isLong(f));
  const first = short.slice(0, count);
  const status = short.find(f => f.name === 'status');
  return status && !first.includes(status) ? [...first, status] : first;
}

/** Every field worth showing on a record's page (the version counter is plumbing; write-only never comes back). */
export function showFields(resource: MetaResource): MetaField[] {
  return resource.fields.filter(f => f.name !== 'version' && !f.write_only);
}

/** Fields a form edits: neither server-set nor read-only. */
export function formFields(resource: MetaResource): MetaField[] {
  return resource.fields.filter(f => !SYSTEM_FIELDS.includes(f.name) && !f.read_only);
}

/** The body of a create or update: writable fields only, plus `version` on versioned resources. */
export function writablePayload(resource: MetaResource | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!resource) return data;
  const payload: Record<string, unknown> = {};
  for (const field of formFields(resource)) {
    if (field.name in data) payload[field.name] = data[field.name];
  }
  if (resource.versioned && data.version !== undefined) payload.version = data.version;
  return payload;
}

export function findField(resource: MetaResource, name: string): MetaField | undefined {
  return resource.fields.find(f => f.name === name);
}

/** One input of a list's filter bar: a range filter becomes two (from/to), others one. */
export interface FilterSpec {
  source: string;
  field: MetaField;
  bound: 'eq' | 'gte' | 'lte';
}

const RANGE_KINDS: FieldKind[] = ['date', 'month', 'datetime', 'money', 'integer', 'number'];

/**
 * The filter inputs of a list. Dates and amounts declared as range filters get a from/to pair;
 * references and enumerations are equality filters even when numeric; `id` is left to links.
 */
export function filterSpecs(resource: MetaResource): FilterSpec[] {
  const ranges = resource.range_filters;
  const specs: FilterSpec[] = [];
  for (const name of resource.filters) {
    const field = findField(resource, name);
    if (!field || name === 'id' || field.write_only) continue;
    if (ranges.includes(name) && RANGE_KINDS.includes(fieldKind(field))) {
      specs.push({ source: `${name}_gte`, field, bound: 'gte' });
      specs.push({ source: `${name}_lte`, field, bound: 'lte' });
    } else {
      specs.push({ source: name, field, bound: 'eq' });
    }
  }
  return specs;
}

/** "first_name" → "First name"; "rehab_occupational" → "Rehab occupational". */
export function humanize(name: string): string {
  const words = name.replace(/_id$/, '').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const enumKey = (resource: string, field: string, value: string) =>
  `resources.${resource}.enums.${field}.${value}`;

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * Labels look for a resource's own wording first, then the shared dictionary (`app.fields`,
 * `app.enums`), then fall back to the humanised name — so a field the server adds later
 * still reads well, and a known name is translated wherever it appears.
 */
export function fieldLabel(translate: Translate, resource: string, field: string): string {
  return translate(`resources.${resource}.fields.${field}`, { _: translate(`app.fields.${field}`, { _: humanize(field) }) });
}

export function enumLabel(translate: Translate, resource: string, field: string, value: string): string {
  return translate(enumKey(resource, field, value), { _: translate(`app.enums.${value}`, { _: humanize(value) }) });
}

export function enumChoices(translate: Translate, resource: string, field: string, values: readonly string[]) {
  return values.map(value => ({ id: value, name: enumLabel(translate, resource, field, value) }));
}

/** Records about a child carry its name (a referral: its children's), read-only, from the server. */
const CHILD_NAME = 'child_name';

/**
 * A lookup's `label` in the user's language: its `label_fr` in French when it has one (the
 * English until an administrator gives one); any other title field as it is.
 */
function localisedField(resource: MetaResource, field: string): string | ((record: any) => string) {
  const french = `${field}_fr`;
  if (!resource.fields.some(f => f.name === french)) return field;
  return (record: any) => (i18nProvider.getLocale() === 'fr' && record[french]) || record[field];
}

/**
 * A record's title, by contract/titles.ts's rule ("#12 · CSP · 2025-03-01"; the page title or
 * the field label already says what it is), led by the child's name where the record is about
 * a child ("Ana Patel · #12 · SHSS · 2025-03-01"), so nobody records on the wrong child.
 * Used for page titles, reference fields and pickers. Its date stays YYYY-MM-DD in every language
 * (AAAA-MM-JJ is also the French-Canadian numeric date): a title is the record's name, the same
 * the server writes (contract/titles.ts) and the search finds, so it does not change with the
 * reader's language; dates elsewhere on a page follow the language (useFormat).
 */
export function recordRepresentation(resource: MetaResource): string | ((record: any) => string) {
  const rule = titleRule(resource.fields.map(f => f.name));
  if (rule.kind === 'person') {
    return (record: any) => `${record.first_name ?? ''} ${record.last_name ?? ''}`.trim();
  }
  if (rule.kind === 'field') return localisedField(resource, rule.field);
  const named = resource.fields.some(f => f.name === CHILD_NAME);
  return (record: any) => {
    const date = rule.dates.map(d => record[d]).find(value => typeof value === 'string' && value !== '');
    return [named ? record[CHILD_NAME] : null, `#${record[resource.id_field] ?? record.id}`, rule.program ? record.program : null, date ?? null]
      .filter(part => part !== null && part !== undefined && part !== '')
      .join(TITLE_SEPARATOR);
  };
}

/** Field a reference autocomplete searches: the target's `q` when it has search fields. */
export function referenceFilterToQuery(target: MetaResource | undefined) {
  return (text: string) => (target && target.search.length > 0 && text ? { q: text } : {});
}
