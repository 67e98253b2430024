import { TablePagination } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

/** The pager under a computed list's table (25 rows a page; the total from its Content-Range). */
export const PAGE_ROWS = 25;

export const PagePagination = ({ total, page, onPage }: { total: number; page: number; onPage: (page: number) => void }) => {
  const translate = useTranslate();
  return (
    <TablePagination
      component="div"
      count={total}
      page={page}
      rowsPerPage={PAGE_ROWS}
      rowsPerPageOptions={[PAGE_ROWS]}
      onPageChange={(_, next) => onPage(next)}
      labelDisplayedRows={({ from, to, count }) => translate('app.compliance.rows', { from, to, count })}
    />
  );
};

/** The list protocol's range of a page. */
export const pageRange = (page: number): [number, number] => [page * PAGE_ROWS, page * PAGE_ROWS + PAGE_ROWS - 1];

/** The page shown of a computed list of `query`, back to the first when the query changes. */
export function useListPage(query: unknown): [number, (page: number) => void] {
  const [page, setPage] = useState(0);
  const queryKey = JSON.stringify(query);
  const [pageOf, setPageOf] = useState(queryKey);
  if (pageOf !== queryKey) {
    setPageOf(queryKey);
    setPage(0);
  }
  return [page, setPage];
}
