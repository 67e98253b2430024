import { Card } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CspMeasuresReport } from '../../../contract/reports';
import { explanationUrl } from '../reporting/explanation';
import type { TableSpec } from '../reporting/model';
import type { PeriodState } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { ReportPage } from './ReportPage';

/** Measures whose value is money; the others are counts, days, hours, months or FTEs. */
const MONEY_MEASURES = ['expenditures'];

type MeasureRow = { key: string; name: string; value: number | null; definition: string };

const column = (key: string) => `app.reports.csp.columns.${key}`;

/** The measures; each value opens the units it counts. */
const MeasuresTable = ({ report, period }: { report: CspMeasuresReport; period: PeriodState }) => {
  const translate = useTranslate();
  const table: TableSpec<MeasureRow> = {
    title: 'app.reports.csp.title',
    columns: [
      { key: 'key', label: column('key'), format: 'text', emphasis: 'code' },
      { key: 'name', label: column('name'), format: 'text', rowHeader: true },
      {
        key: 'value',
        label: column('value'),
        format: 'number',
        rowFormat: row => (MONEY_MEASURES.includes(row.key) ? 'money' : 'number'),
        emphasis: 'strong',
        link: row => explanationUrl({ report: 'csp-measures', key: row.key }, period),
        linkLabel: 'app.explain.open',
      },
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
      {(report, period) => <MeasuresTable report={report} period={period} />}
    </ReportPage>
  );
};
