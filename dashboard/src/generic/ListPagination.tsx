import type { LabelDisplayedRowsArgs } from '@mui/material';
import { Pagination, useListContext, useLocaleState, useTranslate, type PaginationProps } from 'react-admin';

/**
 * react-admin's pagination; when the server capped the list's total (more than 10,000
 * records, docs/api.md) it says "1–25 of more than 10,000" instead of a count it does not have.
 */
export const ListPagination = (props: PaginationProps) => {
  const { meta } = useListContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!meta?.totalCapped) return <Pagination {...props} />;
  const number = new Intl.NumberFormat(locale);
  // Pagination hands its other props to MUI's TablePagination, after its own label.
  const label = {
    labelDisplayedRows: ({ from, to, count }: LabelDisplayedRowsArgs) =>
      translate('app.list.capped_range', { from: number.format(from), to: number.format(to), total: number.format(count) }),
  } as PaginationProps;
  return <Pagination {...props} {...label} />;
};
