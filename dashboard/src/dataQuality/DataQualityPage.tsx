import { Alert, Box, Card, CardContent, CardHeader, Link as MuiLink, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { CheckCounts, DataQualityScorecard } from '../../../contract/dataQuality';
import { DATA_QUALITY_CHECKS, type DataQualityCheck } from '../../../contract/enums';
import { formatLocalDate, formatNumber } from '../meta/format';
import { useComputed } from '../reporting/useComputed';
import { recordsPath, type Group } from './recordsPath';
import { PageHeading } from '../common/PageHeading';

/**
 * The data-quality scorecard (docs/compliance.md): each check's count now and its weekly trend,
 * then per organisation (the ministry sees them side by side) and per place; every count opens
 * the list of exactly its records.
 */
const Count = ({ check, value, group, label }: { check: DataQualityCheck; value: number; group: Group; label: string }) => {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  if (value === 0) return <>0</>;
  return (
    <MuiLink component={Link} to={recordsPath(check, group)} aria-label={translate('app.data_quality.open_aria', { count: value, check: translate(`app.data_quality.checks.${check}`), group: label })}>
      {formatNumber(value, locale, 0)}
    </MuiLink>
  );
};

const GroupTable = ({ title, rows }: { title: string; rows: { key: string; label: string; group: Group; counts: CheckCounts }[] }) => {
  const translate = useTranslate();
  if (!rows.length) return null;
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={title}>
      <CardHeader title={title} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
      <TableContainer>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell scope="col">{translate('app.data_quality.columns.group')}</TableCell>
              {DATA_QUALITY_CHECKS.map(check => (
                <TableCell key={check} scope="col" align="right">
                  {translate(`app.data_quality.checks.${check}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.key}>
                <TableCell component="th" scope="row">
                  {row.label}
                </TableCell>
                {DATA_QUALITY_CHECKS.map(check => (
                  <TableCell key={check} align="right">
                    <Count check={check} value={row.counts[check]} group={row.group} label={row.label} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Card>
  );
};

const Checks = ({ card }: { card: DataQualityScorecard }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dates = card.checks[0]?.trend.map(p => p.taken_on) ?? [];
  return (
    <Card component="section" aria-label={translate('app.data_quality.checks_title')}>
      <CardHeader title={translate('app.data_quality.checks_title')} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
      <TableContainer>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell scope="col">{translate('app.data_quality.columns.check')}</TableCell>
              <TableCell scope="col" align="right">
                {translate('app.data_quality.columns.now')}
              </TableCell>
              {dates.map(date => (
                <TableCell key={date} scope="col" align="right">
                  {formatLocalDate(date, locale)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {card.checks.map(check => (
              <TableRow key={check.key}>
                <TableCell component="th" scope="row">
                  {translate(`app.data_quality.checks.${check.key}`)}
                </TableCell>
                <TableCell align="right">
                  <Count check={check.key} value={check.total} group={{}} label={translate('app.data_quality.everything')} />
                </TableCell>
                {check.trend.map(point => (
                  <TableCell key={point.taken_on} align="right">
                    {formatNumber(point.count, locale, 0)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {dates.length === 0 && (
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {translate('app.data_quality.no_trend')}
          </Typography>
        </CardContent>
      )}
    </Card>
  );
};

export const DataQualityPage = () => {
  const translate = useTranslate();
  const { data, isPending, error } = useComputed<DataQualityScorecard>('data_quality', {});
  const card = data?.data;
  const noPlace = translate('app.data_quality.no_place');
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={translate('app.data_quality.title')} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.data_quality.intro')}
      </Typography>
      {isPending && <Skeleton variant="rounded" height={400} />}
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {card && (
        <>
          <Checks card={card} />
          <GroupTable
            title={translate('app.data_quality.by_organization')}
            rows={card.organizations.map(o => ({ key: String(o.organization_id), label: o.organization_name ?? '—', group: { organization_id: o.organization_id }, counts: o.counts }))}
          />
          <GroupTable
            title={translate('app.data_quality.by_place')}
            rows={card.places.map(p => ({
              key: `${p.organization_id}-${p.place_of_service_id}`,
              label: `${p.organization_name ?? '—'} · ${p.place_name ?? noPlace}`,
              group: { organization_id: p.organization_id, place_of_service_id: p.place_of_service_id },
              counts: p.counts,
            }))}
          />
        </>
      )}
    </Box>
  );
};
