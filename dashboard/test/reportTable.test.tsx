import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AdminContext } from 'react-admin';
import type { TableSpec } from '../src/reporting/model';
import { ReportTable } from '../src/reporting/ReportTable';

type Measure = { key: string; name: string; value: number | null };

const measures: TableSpec<Measure> = {
  title: 'app.reports.csp.title',
  columns: [
    { key: 'key', label: 'Key', format: 'text', emphasis: 'code' },
    { key: 'name', label: 'Name', format: 'text', rowHeader: true },
    { key: 'value', label: 'Value', format: 'number', rowFormat: row => (row.key === 'expenditures' ? 'money' : 'number') },
  ],
  rows: [
    { key: 'referrals_total', name: 'Referrals', value: 1234.567 },
    { key: 'expenditures', name: 'Expenditures', value: 1234.5 },
    { key: 'median_wait', name: 'Median wait', value: null },
  ],
};

const renderTable = (ui: ReactElement) => render(<AdminContext>{ui}</AdminContext>);

describe('a report table', () => {
  it('formats each row in its own format, and shows a missing value as a dash', () => {
    renderTable(<ReportTable table={measures} variant="page" />);
    const values = screen.getAllByRole('row').slice(1).map(row => within(row).getAllByRole('cell').at(-1)!.textContent);
    expect(values).toEqual(['1,234.57', '$1,234.50', '—']);
  });

  it('names each row by the column that says so, not the first', () => {
    renderTable(<ReportTable table={measures} variant="page" />);
    expect(screen.getAllByRole('rowheader').map(cell => cell.textContent)).toEqual(['Referrals', 'Expenditures', 'Median wait']);
    const firstCells = screen.getAllByRole('row').slice(1).map(row => within(row).getAllByRole('cell')[0].textContent);
    expect(firstCells).toEqual(['referrals_total', 'expenditures', 'median_wait']);
  });

  it('has a caption under a chart and none on a report page', () => {
    const { unmount } = renderTable(<ReportTable table={measures} />);
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toBe('app.reports.csp.title');
    unmount();
    renderTable(<ReportTable table={measures} variant="page" />);
    expect(screen.getByRole('table').querySelector('caption')).toBeNull();
  });

  it('opens a row with its action button and shows the open row selected', () => {
    const opened: string[] = [];
    renderTable(
      <ReportTable
        table={measures}
        variant="page"
        rowAction={{ label: 'Open', ariaLabel: row => `Open ${row.name}`, onClick: row => opened.push(row.key), isSelected: row => row.key === 'median_wait' }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open Expenditures' }));
    expect(opened).toEqual(['expenditures']);
    const selected = screen.getAllByRole('row').filter(row => row.classList.contains('Mui-selected'));
    expect(selected.map(row => within(row).getByRole('rowheader').textContent)).toEqual(['Median wait']);
  });

  it('links the cells whose column says where, and none where it says null', () => {
    const linked: TableSpec<Measure> = {
      ...measures,
      columns: measures.columns.map(column =>
        column.key === 'value' ? { ...column, link: row => (row.value === null ? null : `/explain/${row.key}`), linkLabel: 'Open %{value}' } : column,
      ),
    };
    renderTable(<ReportTable table={linked} variant="page" />);
    const links = screen.getAllByRole('link');
    expect(links.map(link => [link.textContent, link.getAttribute('href')])).toEqual([
      ['1,234.57', '#/explain/referrals_total'],
      ['$1,234.50', '#/explain/expenditures'],
    ]);
    expect(links[0].getAttribute('aria-label')).toBe('Open %{value}');
  });

  it('sorts by the headers of sortable columns, the sorted one marked', () => {
    const sorted: string[] = [];
    renderTable(<ReportTable table={measures} variant="page" sort={{ field: 'value', order: 'DESC', fields: ['name', 'value'], onSort: field => sorted.push(field) }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(sorted).toEqual(['name']);
    expect(screen.getByRole('columnheader', { name: /Value/ }).getAttribute('aria-sort')).toBe('descending');
    expect(screen.queryByRole('button', { name: 'Key' })).toBeNull();
  });
});
