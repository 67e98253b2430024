import { Card } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CspMeasuresReport } from '../../../contract/reports';
import type { TableSpec } from '../reporting/model';
import { ReportTable } from '../reporting/ReportTable';
import { ReportPage } from './ReportPage';

/** Measures whose value is money; the others are counts, days, hours, months or FTEs. */
const MONEY_MEASURES = ['expenditures'];

type MeasureRow = { key: string; name: string; value: number | null; definition: string };

const column = (key: string) => `app.reports.csp.columns.${key}`;

const MeasuresTable = ({ report }: { report: CspMeasuresReport }) => {
  const translate = useTranslate();
  const table: TableSpec<MeasureRow> = {
    title: 'app.reports.csp.title',
    columns: [
      { key: 'key', label: column('key'), format: 'text', emphasis: 'code' },
      { key: 'name', label: column('name'), format: 'text', rowHeader: true },
      { key: 'value', label: column('value'), format: 'number', rowFormat: row => (MONEY_MEASURES.includes(row.key) ? 'money' : 'number'), emphasis: 'strong' },
      { key: 'definition', label: column('definition'), format: 'text', emphasis: 'muted' },
    ],
    rows: report.measures.map(measure => ({
      key: measure.key,
      name: translate(`app.reports.csp.measures.${measure.key}`, { _: measure.name }),
      value: measure.value,
      definition: measure.definition,
    })),
  };
  return (
    <Card>
      <ReportTable table={table} variant="page" />
    </Card>
  );
};

/** The ministry's CSP performance measures for a period, ready to download and send. */
export const CspMeasuresPage = () => {
  const translate = useTranslate();
  return (
    <ReportPage<CspMeasuresReport> report="csp-measures" title={translate('app.reports.csp.title')} intro={translate('app.reports.csp.intro')}>
      {report => <MeasuresTable report={report} />}
    </ReportPage>
  );
};
