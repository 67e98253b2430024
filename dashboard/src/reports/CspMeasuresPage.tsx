import { Card } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ComparedReport, CspMeasuresReport } from '../../../contract/reports';
import { changeText } from '../reporting/comparison';
import { explanationUrl } from '../reporting/explanation';
import type { TableSpec } from '../reporting/model';
import type { PeriodState } from '../reporting/period';
import { ReportTable } from '../reporting/ReportTable';
import { TrendSparkline } from '../reporting/Sparkline';
import { useFormat } from '../reporting/useFormat';
import { useReportTrend } from '../reporting/useReport';
import { ReportPage } from './ReportPage';

/** Measures whose value is money; the others are counts, days, hours, months or FTEs. */
const MONEY_MEASURES = ['expenditures'];

type MeasureRow = { key: string; name: string; value: number | null; compared: number | null; change: string; definition: string };

/** The measures page compares with the same period of the previous fiscal year (issue 12). */
const COMPARE = { compare: 'last_year' };

const column = (key: string) => `app.reports.csp.columns.${key}`;

/**
 * The measures beside the same period a year before, each change with a sparkline of the same
 * period in the last eight fiscal years; each value opens the units it counts.
 */
const MeasuresTable = ({ report, period }: { report: ComparedReport<CspMeasuresReport>; period: PeriodState }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const format = useFormat();
  const trend = useReportTrend('csp-measures', period, 'last_year');
  const formatOf = (key: string) => (MONEY_MEASURES.includes(key) ? 'money' : 'number');
  const table: TableSpec<MeasureRow> = {
    title: 'app.reports.csp.title',
    columns: [
      { key: 'key', label: column('key'), format: 'text', emphasis: 'code' },
      { key: 'name', label: column('name'), format: 'text', rowHeader: true },
      {
        key: 'value',
        label: column('value'),
        format: 'number',
        rowFormat: row => formatOf(row.key),
        emphasis: 'strong',
        link: row => explanationUrl({ report: 'csp-measures', key: row.key }, period),
        linkLabel: 'app.explain.open',
      },
      { key: 'compared', label: column('compared'), format: 'number', rowFormat: row => formatOf(row.key) },
      {
        key: 'change',
        label: column('change'),
        format: 'text',
        after: row => {
          const points = trend(row.key);
          return points && <TrendSparkline points={points} format={formatOf(row.key)} />;
        },
      },
      { key: 'definition', label: column('definition'), format: 'text', emphasis: 'muted' },
    ],
    rows: report.measures.map(measure => ({
      key: measure.key,
      name: translate(`app.reports.csp.measures.${measure.key}`, { _: measure.name }),
      value: measure.value,
      compared: report.comparison.figures[measure.key]?.compared ?? null,
      change: changeText(report.comparison.figures[measure.key], formatOf(measure.key), format),
      definition: locale === 'fr' ? measure.definition_fr : measure.definition,
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
    <ReportPage<ComparedReport<CspMeasuresReport>>
      report="csp-measures"
      title={translate('app.reports.csp.title')}
      intro={translate('app.reports.csp.intro')}
      query={COMPARE}
    >
      {(report, period) => <MeasuresTable report={report} period={period} />}
    </ReportPage>
  );
};
