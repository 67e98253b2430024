import { visuallyHidden } from '@mui/utils';
import { Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
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

/**
 * A report's numbers as an accessible table: under a chart (`variant="chart"`: captioned,
 * scrolling past 420 px) or as a report page's content (`variant="page"`: whole, in its card).
 */
export function ReportTable<R extends Row>({
  table,
  variant = 'chart',
  rowAction,
}: {
  table: TableSpec<R>;
  variant?: 'chart' | 'page';
  rowAction?: RowAction<R>;
}) {
  const translate = useTranslate();
  const format = useFormat();
  const chart = variant === 'chart';
  const headerColumn = Math.max(0, table.columns.findIndex(column => column.rowHeader));
  return (
    <TableContainer sx={chart ? { mb: 2, maxHeight: 420 } : undefined}>
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
            {table.columns.map(column => (
              <TableCell key={column.key} align={alignOf(column)} scope="col">
                {translate(column.label)}
              </TableCell>
            ))}
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
                  {format(row[column.key], column.rowFormat?.(row) ?? column.format)}
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
