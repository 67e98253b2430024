import { Box, Card, CardContent, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { ChartCard } from './ChartCard';
import { CHARTS } from './charts';
import { KpiCards } from './KpiCards';
import { PeriodPicker } from '../reporting/PeriodPicker';
import { usePeriod } from '../reporting/usePeriod';

/** The managers' dashboard: period and organisation, KPI cards, four charts. */
export const Dashboard = () => {
  const translate = useTranslate();
  const [period, setPeriod] = usePeriod();
  return (
    <Box sx={{ py: 2 }}>
      <Title title={translate('app.dashboard.title')} />
      <Typography variant="h5" component="h2" sx={{ mb: 2 }}>
        {translate('app.dashboard.title')}
      </Typography>
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <PeriodPicker value={period} onChange={setPeriod} />
        </CardContent>
      </Card>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: 2, mb: 2 }}>
        <KpiCards period={period} />
      </Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', xl: '1fr 1fr' }, gap: 2 }}>
        {CHARTS.map(definition => (
          <ChartCard key={definition.key} definition={definition} period={period} />
        ))}
      </Box>
    </Box>
  );
};
