import { Card, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { CspMeasuresReport } from '../../../contract/reports';
import { formatMoney, formatNumber } from '../meta/format';
import { ReportPage } from './ReportPage';

/** Measures whose value is money; the others are counts, days, hours, months or FTEs. */
const MONEY_MEASURES = ['expenditures'];

export function formatMeasure(key: string, value: number | null, locale: string): string {
  if (value === null || value === undefined) return '—';
  return MONEY_MEASURES.includes(key) ? formatMoney(value, locale) : formatNumber(value, locale, 2);
}

const MeasuresTable = ({ report }: { report: CspMeasuresReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const columns = ['key', 'name', 'value', 'definition'];
  return (
    <Card>
      <TableContainer>
        <Table size="small">
          <TableHead>
            <TableRow>
              {columns.map(c => (
                <TableCell key={c} scope="col" align={c === 'value' ? 'right' : 'left'}>
                  {translate(`app.reports.csp.columns.${c}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {report.measures.map(measure => (
              <TableRow key={measure.key}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{measure.key}</TableCell>
                <TableCell component="th" scope="row">
                  {translate(`app.reports.csp.measures.${measure.key}`, { _: measure.name })}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {formatMeasure(measure.key, measure.value, locale)}
                </TableCell>
                <TableCell sx={{ color: 'text.secondary' }}>{measure.definition}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
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
