import { Alert, Box, Card, CardContent, Skeleton, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { PeriodPicker } from '../reporting/PeriodPicker';
import { reportParams, type PeriodState } from '../reporting/period';
import { usePeriod } from '../reporting/usePeriod';
import { useReport } from '../reporting/useReport';
import { PageHeading } from '../common/PageHeading';

/** A report page: title, period and organisation, CSV/XLSX of the same numbers, then the content. */
export function ReportPage<R>({
  report,
  title,
  intro,
  query,
  children,
}: {
  report: string;
  title: string;
  intro?: string;
  /** more parameters of the JSON answer (not of the download), e.g. `compare` */
  query?: Record<string, string>;
  children: (data: R, period: PeriodState) => ReactNode;
}) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const [period, setPeriod] = usePeriod();
  const { data, isPending, error } = useReport<R>(report, period, query);
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={title} />
      {intro && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {intro}
        </Typography>
      )}
      <Card sx={{ mb: 2 }}>
        <CardContent sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between' }}>
          <PeriodPicker value={period} onChange={setPeriod} />
          <DownloadButtons
            what={title}
            start={(format, onProgress) => dataProvider.download(`reports/${report}`, { query: reportParams(period) }, format, onProgress)}
          />
        </CardContent>
      </Card>
      {isPending && <Skeleton variant="rounded" height={400} />}
      {error && <Alert severity="error">{(error as Error).message || translate('app.charts.error')}</Alert>}
      {data && children(data, period)}
    </Box>
  );
}
