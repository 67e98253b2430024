import type { HistoryChange } from '../../../contract/imports';
import type { MetaField } from '../../../contract/meta';
import { enumLabel, fieldKind, type Translate } from '../meta/fields';
import { formatDateTime, formatLocalDate, formatMoney, formatMonth } from '../meta/format';

/**
 * One side of a history change as a person reads it: a referenced record by its title (with its
 * id when the caller may not read it), an enumeration by its label, dates, months and money as
 * the rest of the dashboard shows them, a large text as "N characters", nothing as an em dash.
 */
export function historyValue(
  change: HistoryChange,
  side: 'before' | 'after',
  field: MetaField | undefined,
  resource: string,
  locale: string,
  translate: Translate,
): string {
  if (change.large_text) {
    const size = change.large_text[side];
    if (!size) return '—';
    return size.characters === null
      ? translate('app.history.large_text_bytes', { smart_count: size.bytes })
      : translate('app.history.large_text', { smart_count: size.characters });
  }
  const value = change[side];
  const title = side === 'before' ? change.before_title : change.after_title;
  if (value === null || value === undefined || value === '') return '—';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (fieldKind(field)) {
    case 'reference':
      return title ?? `#${String(value)}`;
    case 'enum':
      return enumLabel(translate, resource, field.name, String(value));
    case 'date':
      return formatLocalDate(value, locale);
    case 'month':
      return formatMonth(value, locale);
    case 'datetime':
      return formatDateTime(value, locale);
    case 'money':
      return formatMoney(value, locale);
    case 'boolean':
      return translate(value ? 'ra.boolean.true' : 'ra.boolean.false');
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
