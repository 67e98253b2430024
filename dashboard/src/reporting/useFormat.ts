import { useLocaleState, useTranslate } from 'react-admin';
import { formatValue, type ValueFormat } from './format';

/** The one formatter of report values — tables, KPI cards, chart tooltips and axes — in the chosen locale. */
export function useFormat(): (value: unknown, format: ValueFormat) => string {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (value, format) => formatValue(value, format, locale, translate);
}
