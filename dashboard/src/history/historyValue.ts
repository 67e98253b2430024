import type { HistoryChange } from '../../../contract/imports';
import type { MetaField } from '../../../contract/meta';
import { fieldKind, type Translate } from '../meta/fields';
import { fieldText } from '../meta/fieldText';

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
  if (value === null || value === undefined || value === '') return '—';
  if (field && fieldKind(field) === 'reference') return (side === 'before' ? change.before_title : change.after_title) ?? `#${String(value)}`;
  return fieldText(field ? fieldKind(field) : 'string', value, resource, change.field, locale, translate);
}
