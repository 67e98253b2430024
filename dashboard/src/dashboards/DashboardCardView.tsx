import { Box } from '@mui/material';
import type { DashboardFilterValues } from '../../../contract/questions';
import { BuiltInCard } from '../dashboard/BuiltInCard';
import type { PeriodState } from '../reporting/period';
import { IgnoredFiltersMark } from './IgnoredFiltersMark';
import type { CardRecord } from './layout';
import { QuestionCard } from './QuestionCard';

/** A card of a dashboard, built-in or a question; each marks the dashboard filters it does not apply. */
export const DashboardCardView = ({ card, period, filters }: { card: CardRecord; period: PeriodState; filters: DashboardFilterValues }) => (
  <Box sx={{ position: 'relative', height: '100%' }}>
    {card.report_card ? (
      <>
        <BuiltInCard card={card.report_card} period={period} />
        {/* a built-in card takes the period and organisation only */}
        <IgnoredFiltersMark ignored={Object.keys(filters).filter(key => !['from', 'to', 'organization_id'].includes(key))} resource={null} />
      </>
    ) : (
      <QuestionCard card={card} filters={filters} />
    )}
  </Box>
);
