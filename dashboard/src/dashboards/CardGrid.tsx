import { Box } from '@mui/material';
import type { ReactNode } from 'react';
import { GAP, ROW_HEIGHT, readingOrder, type CardRecord } from './layout';

/**
 * The cards where their owner put them: a CSS grid of 12 columns and rows of ROW_HEIGHT (the
 * same measures as the arranging grid), one column in reading order on a narrow screen. No
 * script measures anything, so the cards start fetching at once.
 */
export const CardGrid = ({ cards, render }: { cards: readonly CardRecord[]; render: (card: CardRecord) => ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(12, minmax(0, 1fr))' }, gridAutoRows: `${ROW_HEIGHT}px`, gap: `${GAP}px` }}>
    {readingOrder(cards).map(card => (
      <Box
        key={card.id}
        data-card={card.id}
        sx={{
          gridColumn: { xs: '1 / -1', md: `${card.x + 1} / span ${card.w}` },
          gridRow: { xs: `span ${card.h}`, md: `${card.y + 1} / span ${card.h}` },
          minWidth: 0,
          overflow: 'hidden',
        }}
      >
        {render(card)}
      </Box>
    ))}
  </Box>
);
