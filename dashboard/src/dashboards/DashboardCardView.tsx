import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import { Box, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { DashboardFilterValues } from '../../../contract/questions';
import { BuiltInCard } from '../dashboard/BuiltInCard';
import type { PeriodState } from '../reporting/period';
import type { CardRecord } from './layout';
import { QuestionCard } from './QuestionCard';

/** A card of a dashboard, built-in or a question, and a mark naming the dashboard filters it does not apply. */
export const DashboardCardView = ({ card, period, filters }: { card: CardRecord; period: PeriodState; filters: DashboardFilterValues }) => {
  const translate = useTranslate();
  // a built-in card takes the period and organisation only
  const ignored = card.report_card ? Object.keys(filters).filter(key => !['from', 'to', 'organization_id'].includes(key)) : [];
  return (
    <Box sx={{ position: 'relative', height: '100%' }}>
      {card.report_card ? <BuiltInCard card={card.report_card} period={period} /> : <QuestionCard card={card} filters={filters} />}
      {ignored.length > 0 && (
        <Tooltip title={translate('app.bi.dashboard.ignored', { filters: ignored.join(', ') })}>
          <FilterAltOffIcon
            role="img"
            aria-label={translate('app.bi.dashboard.ignored', { filters: ignored.join(', ') })}
            fontSize="small"
            color="action"
            sx={{ position: 'absolute', right: 8, bottom: 8 }}
          />
        </Tooltip>
      )}
    </Box>
  );
};
