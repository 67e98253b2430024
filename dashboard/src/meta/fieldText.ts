import { enumLabel, type FieldKind, type Translate } from './fields';
import { formatDateTime, formatLocalDate, formatMoney, formatMonth } from './format';

/**
 * A field's value as plain text, by its kind: an enumeration by its label, dates, months,
 * instants and money in the caller's locale, a boolean as yes or no, anything else as it is;
 * nothing as an em dash. (A reference needs its record's title: the caller gives it.)
 */
export function fieldText(kind: FieldKind, value: unknown, resource: string, field: string, locale: string, translate: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (kind) {
    case 'money':
      return formatMoney(value, locale);
    case 'date':
      return formatLocalDate(value, locale);
    case 'month':
      return formatMonth(value, locale);
    case 'datetime':
      return formatDateTime(value, locale);
    case 'enum':
      return enumLabel(translate, resource, field, String(value));
    case 'boolean':
      return translate(value ? 'ra.boolean.true' : 'ra.boolean.false');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
