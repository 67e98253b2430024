import { visuallyHidden } from '@mui/utils';
import { Box, Button, Link, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TableSortLabel, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { TEXT_FORMATS } from './format';
import type { Column, Row, TableSpec } from './model';
import { useFormat } from './useFormat';

/** A button at the end of each row, opening what the row stands for (a contract's payments). */
export interface RowAction<R extends Row> {
  /** a translation key: the button's text, and the column's header for screen readers */
  label: string;
  /** the button's accessible name for this row */
  ariaLabel: (row: R) => string;
  onClick: (row: R) => void;
  /** the row whose action is open, shown selected */
  isSelected?: (row: R) => boolean;
}

const EMPHASIS = {
  code: { fontFamily: 'monospace' },
  strong: { whiteSpace: 'nowrap', fontWeight: 600 },
  muted: { color: 'text.secondary' },
} as const;

const alignOf = (column: Column<any>) => (TEXT_FORMATS.includes(column.format) ? 'left' : 'right');

/** A column's header: its label, with its qualifier in brackets. */
const headerOf = (column: Column<any>, translate: (key: string, options?: object) => string) =>
  column.qualifier ? translate('app.charts.compare.series', { series: translate(column.label), against: translate(column.qualifier) }) : translate(column.label);

/** Sorting by a column's header, for a table whose rows the server sorts (one page of many). */
export interface TableSort {
  field: string;
  order: 'ASC' | 'DESC';
  /** the columns that sort */
  fields: readonly string[];
  onSort: (field: string) => void;
}

/**
 * A report's numbers as an accessible table: under a chart (`variant="chart"`: captioned,
 * scrolling past 420 px) or as a report page's content (`variant="page"`: whole, in its card).
 */
export function ReportTable<R extends Row>({
  table,
  variant = 'chart',
  rowAction,
  sort,
}: {
  table: TableSpec<R>;
  variant?: 'chart' | 'page';
  rowAction?: RowAction<R>;
  sort?: TableSort;
}) {
  const translate = useTranslate();
  const format = useFormat();
  const chart = variant === 'chart';
  const headerColumn = Math.max(0, table.columns.findIndex(column => column.rowHeader));
  return (
    // a chart's table scrolls past 420 px: focusable and named, so a keyboard can scroll it too
    <TableContainer sx={chart ? { mb: 2, maxHeight: 420 } : undefined} {...(chart ? { tabIndex: 0, role: 'region', 'aria-label': translate(table.title) } : {})}>
      <Table size="small" stickyHeader={chart}>
        {chart && (
          <caption style={{ captionSide: 'top', textAlign: 'left', padding: '4px 0' }}>
            <Typography variant="subtitle2" component="span">
              {translate(table.title)}
            </Typography>
          </caption>
        )}
        <TableHead>
          <TableRow>
            {table.columns.map(column => {
              const sorted = sort?.field === column.key;
              return (
                <TableCell
                  key={column.key}
                  align={alignOf(column)}
                  scope="col"
                  aria-sort={sorted ? (sort!.order === 'ASC' ? 'ascending' : 'descending') : undefined}
                >
                  {sort?.fields.includes(column.key) ? (
                    <TableSortLabel active={sorted} direction={sorted && sort.order === 'DESC' ? 'desc' : 'asc'} onClick={() => sort.onSort(column.key)}>
                      {headerOf(column, translate)}
                    </TableSortLabel>
                  ) : (
                    headerOf(column, translate)
                  )}
                </TableCell>
              );
            })}
            {rowAction && (
              <TableCell scope="col">
                <Box component="span" sx={visuallyHidden}>
                  {translate(rowAction.label)}
                </Box>
              </TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {table.rows.map((row, i) => (
            <TableRow key={i} selected={rowAction?.isSelected?.(row) ?? false}>
              {table.columns.map((column, c) => (
                <TableCell
                  key={column.key}
                  align={alignOf(column)}
                  component={c === headerColumn ? 'th' : 'td'}
                  scope={c === headerColumn ? 'row' : undefined}
                  sx={column.emphasis ? EMPHASIS[column.emphasis] : undefined}
                >
                  <CellValue row={row} column={column} text={format(row[column.key], column.rowFormat?.(row) ?? column.format)} />
                </TableCell>
              ))}
              {rowAction && (
                <TableCell>
                  <Button size="small" onClick={() => rowAction.onClick(row)} aria-label={rowAction.ariaLabel(row)}>
                    {translate(rowAction.label)}
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** A cell's text, as a link when its column links this row somewhere, and what its column draws after it. */
function CellValue<R extends Row>({ row, column, text }: { row: R; column: Column<R>; text: string }) {
  const translate = useTranslate();
  const to = column.link?.(row);
  const value = to ? (
    <Link component={RouterLink} to={to} underline="hover" aria-label={column.linkLabel ? translate(column.linkLabel, { value: text }) : undefined}>
      {text}
    </Link>
  ) : (
    text
  );
  const after = column.after?.(row);
  if (!after) return <>{value}</>;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      {value}
      {after}
    </Box>
  );
}
