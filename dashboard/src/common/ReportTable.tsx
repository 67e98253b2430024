import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Column, Row, TableSpec } from '../dashboard/charts/model';
import { formatLocalDate, formatMoney, formatMonth, formatNumber, intlLocale } from '../meta/format';

export function useCellFormatter() {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (column: Column, value: Row[string]): string => {
    if (value === null || value === undefined || value === '') return '—';
    switch (column.format) {
      case 'money':
        return formatMoney(value, locale);
      case 'number':
        return formatNumber(value, locale, 2);
      case 'days':
        return formatNumber(value, locale, 1);
      case 'percent':
        return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(Number(value));
      case 'date':
        return formatLocalDate(value, locale);
      case 'period':
        return formatMonth(value, locale);
      default:
        return typeof value === 'string' && value.startsWith('app.') ? translate(value) : String(value);
    }
  };
}

const numeric = (column: Column) => !['text', 'date', 'period'].includes(column.format);

/** A report's numbers as an accessible table (the chart's alternative, and the reports pages). */
export const ReportTable = ({ table, caption = true }: { table: TableSpec; caption?: boolean }) => {
  const translate = useTranslate();
  const format = useCellFormatter();
  return (
    <TableContainer sx={{ mb: 2, maxHeight: 420 }}>
      <Table size="small" stickyHeader>
        {caption && (
          <caption style={{ captionSide: 'top', textAlign: 'left', padding: '4px 0' }}>
            <Typography variant="subtitle2" component="span">
              {translate(table.title)}
            </Typography>
          </caption>
        )}
        <TableHead>
          <TableRow>
            {table.columns.map(column => (
              <TableCell key={column.key} align={numeric(column) ? 'right' : 'left'} scope="col">
                {translate(column.label)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {table.rows.map((row, i) => (
            <TableRow key={i}>
              {table.columns.map((column, c) => (
                <TableCell key={column.key} align={numeric(column) ? 'right' : 'left'} component={c === 0 ? 'th' : 'td'} scope={c === 0 ? 'row' : undefined}>
                  {format(column, row[column.key])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
