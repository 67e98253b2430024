import { Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useResourceContext, useTranslate, type FieldProps } from 'react-admin';
import { enumLabel } from '../meta/fields';
import { formatDateTime, formatLocalDate, formatMoney, formatMonth, formatNumber } from '../meta/format';

/** Display fields that format in the chosen locale and never shift a date. */
type ValueFieldProps = FieldProps & { source: string };

function useValue(source: string) {
  const record = useRecordContext();
  return record ? record[source] : undefined;
}

const Value = ({ text, multiline = false }: { text: string; multiline?: boolean }) => (
  <Typography component="span" variant="body2" sx={multiline ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } : undefined}>
    {text}
  </Typography>
);

export const LocalDateField = ({ source }: ValueFieldProps) => {
  const [locale] = useLocaleState();
  return <Value text={formatLocalDate(useValue(source), locale)} />;
};

export const MonthField = ({ source }: ValueFieldProps) => {
  const [locale] = useLocaleState();
  return <Value text={formatMonth(useValue(source), locale)} />;
};

export const DateTimeValueField = ({ source }: ValueFieldProps) => {
  const [locale] = useLocaleState();
  return <Value text={formatDateTime(useValue(source), locale)} />;
};

export const MoneyField = ({ source }: ValueFieldProps) => {
  const [locale] = useLocaleState();
  return <Value text={formatMoney(useValue(source), locale)} />;
};

export const NumberValueField = ({ source }: ValueFieldProps) => {
  const [locale] = useLocaleState();
  return <Value text={formatNumber(useValue(source), locale, 2)} />;
};

export const EnumField = ({ source, resource }: ValueFieldProps & { resource?: string }) => {
  const translate = useTranslate();
  const contextResource = useResourceContext();
  const value = useValue(source);
  if (value === null || value === undefined || value === '') return <Value text="" />;
  return <Value text={enumLabel(translate, resource ?? contextResource ?? '', source, String(value))} />;
};

/** A long text: whole on a record's page, its first lines in a list. */
export const LongTextField = ({ source, preview = 0 }: ValueFieldProps & { preview?: number }) => {
  const value = useValue(source);
  const text = value === null || value === undefined ? '' : String(value);
  const shown = preview > 0 && text.length > preview ? `${text.slice(0, preview)}…` : text;
  return <Value text={shown} multiline={preview === 0} />;
};

export const JsonValueField = ({ source }: ValueFieldProps) => {
  const value = useValue(source);
  if (value === null || value === undefined) return <Value text="" />;
  return (
    <Typography component="pre" variant="body2" sx={{ m: 0, whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}>
      {JSON.stringify(value, null, 2)}
    </Typography>
  );
};
