import { useTranslate } from 'react-admin';
import type { ComplaintsResult, ReportHeader } from '../../../contract/reports';
import type { Column, Row, TableSpec } from '../reporting/model';
import { ReportPage } from './ReportPage';
import { ReportTables, enumLabels, showLink } from './reportTables';

type Report = ReportHeader & ComplaintsResult;

const label = (key: string) => `app.reports.complaints.columns.${key}`;

const SUMMARY_COLUMNS: Column[] = [
  { key: 'received', label: label('received'), format: 'count' },
  { key: 'open_at_end', label: label('open_at_end'), format: 'count' },
  { key: 'mean_days_open', label: label('mean_days_open'), format: 'days' },
  { key: 'median_days_to_resolve', label: label('median_days_to_resolve'), format: 'days' },
];

const STATUS_COLUMNS: Column[] = [
  { key: 'status', label: label('status'), format: 'text' },
  { key: 'received', label: label('received'), format: 'count' },
];

const CATEGORY_COLUMNS: Column[] = [
  { key: 'category', label: label('category'), format: 'text' },
  { key: 'received', label: label('received'), format: 'count' },
  { key: 'resolved', label: label('resolved'), format: 'count' },
  { key: 'open_at_end', label: label('open_at_end'), format: 'count' },
];

const OPEN_COLUMNS: Column[] = [
  { key: 'received_on', label: label('received_on'), format: 'date', link: showLink('complaints', 'complaint_id'), linkLabel: 'app.reports.complaints.open_complaint' },
  { key: 'category', label: label('category'), format: 'text' },
  { key: 'status', label: label('status'), format: 'text' },
  { key: 'days_open', label: label('days_open'), format: 'count' },
];

const RISK_COLUMNS: Column[] = [
  { key: 'risk_level', label: label('risk_level'), format: 'text' },
  { key: 'plans', label: label('plans'), format: 'count' },
];

const riskRow = (row: ComplaintsResult['plan_risk'][number]): Row =>
  row.risk_level === 'none' ? { ...row, risk_level: 'app.reports.complaints.not_flagged' } : enumLabels(row, 'risk_level');

const Complaints = ({ report }: { report: Report }) => {
  const tables: TableSpec[] = [
    { title: 'app.reports.complaints.summary', columns: SUMMARY_COLUMNS, rows: [report.summary] },
    { title: 'app.reports.complaints.by_status', columns: STATUS_COLUMNS, rows: report.by_status.map(row => enumLabels(row, 'status')) },
    { title: 'app.reports.complaints.by_category', columns: CATEGORY_COLUMNS, rows: report.by_category.map(row => enumLabels(row, 'category')) },
    { title: 'app.reports.complaints.open', columns: OPEN_COLUMNS, rows: report.open.map(row => enumLabels(row, 'category', 'status')) },
    { title: 'app.reports.complaints.plan_risk', columns: RISK_COLUMNS, rows: report.plan_risk.map(riskRow) },
  ];
  return <ReportTables tables={tables} />;
};

/** The complaints register's counts for the period and the plans' risk flags (CSP: risk and complaints management). */
export const ComplaintsPage = () => {
  const translate = useTranslate();
  return (
    <ReportPage<Report> report="complaints" title={translate('app.reports.complaints.title')} intro={translate('app.reports.complaints.intro')}>
      {report => <Complaints report={report} />}
    </ReportPage>
  );
};
