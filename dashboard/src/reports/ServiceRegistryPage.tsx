import { useTranslate } from 'react-admin';
import type { ReportHeader, ServiceRegistryResult } from '../../../contract/reports';
import { EmptyState } from '../common/EmptyState';
import type { Column, TableSpec } from '../reporting/model';
import { ReportPage } from './ReportPage';
import { ReportTables, enumLabels, showLink } from './reportTables';

type Report = ReportHeader & ServiceRegistryResult;

const label = (key: string) => `app.reports.registry.columns.${key}`;

const SUMMARY_COLUMNS: Column[] = ['waiting', 'urgent', 'high', 'routine'].map(key => ({ key, label: label(key), format: 'count' }));

const CATEGORY_COLUMNS: Column[] = [
  { key: 'category', label: label('category'), format: 'text' },
  { key: 'waiting', label: label('waiting'), format: 'count' },
  { key: 'median_days_waiting', label: label('median_days_waiting'), format: 'days' },
  { key: 'started', label: label('started'), format: 'count' },
  { key: 'median_days_to_start', label: label('median_days_to_start'), format: 'days' },
];

const PROVIDER_COLUMNS: Column[] = [
  { key: 'category', label: label('category'), format: 'text' },
  { key: 'provider_name', label: label('provider_name'), format: 'text', rowHeader: true },
  { key: 'waiting', label: label('waiting'), format: 'count' },
  { key: 'median_days_waiting', label: label('median_days_waiting'), format: 'days' },
  { key: 'longest_days_waiting', label: label('longest_days_waiting'), format: 'days' },
];

const WAITING_COLUMNS: Column[] = [
  { key: 'child_name', label: label('child_name'), format: 'text', link: showLink('children', 'child_id'), linkLabel: 'app.reports.registry.open_child' },
  { key: 'category', label: label('category'), format: 'text' },
  { key: 'provider_name', label: label('provider_name'), format: 'text' },
  { key: 'priority', label: label('priority'), format: 'text' },
  { key: 'waitlisted_on', label: label('waitlisted_on'), format: 'date' },
  { key: 'days_waited', label: label('days_waited'), format: 'count' },
];

const Registry = ({ report }: { report: Report }) => {
  const translate = useTranslate();
  if (report.summary.waiting === 0 && report.categories.every(c => c.started === 0)) {
    return <EmptyState title={translate('app.reports.registry.empty')} hint={translate('app.charts.empty_hint')} />;
  }
  const tables: TableSpec[] = [
    { title: 'app.reports.registry.summary', columns: SUMMARY_COLUMNS, rows: [report.summary] },
    { title: 'app.reports.registry.categories', columns: CATEGORY_COLUMNS, rows: report.categories.map(row => enumLabels(row, 'category')) },
    { title: 'app.reports.registry.providers', columns: PROVIDER_COLUMNS, rows: report.providers.map(row => enumLabels(row, 'category')) },
    { title: 'app.reports.registry.waiting', columns: WAITING_COLUMNS, rows: report.waiting.map(row => enumLabels(row, 'category', 'priority')) },
  ];
  return <ReportTables tables={tables} />;
};

/** The CSP service registry: who waits for which service, since when, in priority order (issue: waitlists). */
export const ServiceRegistryPage = () => {
  const translate = useTranslate();
  return (
    <ReportPage<Report> report="service-registry" title={translate('app.reports.registry.title')} intro={translate('app.reports.registry.intro')}>
      {report => <Registry report={report} />}
    </ReportPage>
  );
};
