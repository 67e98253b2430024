import { Box, Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { ReconciliationGap } from '../../../contract/enums';

export const GapChip = ({ gap }: { gap: ReconciliationGap }) => {
  const translate = useTranslate();
  return <Chip size="small" color={gap === 'paid_without_numbers' ? 'warning' : 'error'} label={translate(`app.reconciliation.gaps.${gap}`)} />;
};

export const GapChips = ({ gaps }: { gaps: ReconciliationGap[] }) => (
  <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
    {gaps.map(gap => (
      <GapChip key={gap} gap={gap} />
    ))}
  </Box>
);
