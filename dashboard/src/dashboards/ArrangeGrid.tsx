import MoreVertIcon from '@mui/icons-material/MoreVert';
import { Box, IconButton, Menu, MenuItem } from '@mui/material';
import { useState, type ReactNode } from 'react';
import ReactGridLayout, { moveElement, useContainerWidth, verticalCompactor, type Layout, type LayoutItem } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { useTranslate } from 'react-admin';
import { GRID_COLUMNS } from '../../../contract/questions';
import { GAP, ROW_HEIGHT, gridItems, movedCards, type CardRecord, type Placement } from './layout';

/**
 * A dashboard being arranged by its owner (lazy: the grid layout package loads only here).
 * Cards move by dragging and resize by their corner handle; each card's menu does the same by
 * keyboard, a step at a time, and removes it. What changed is handed to `onArrange`.
 */
const STEPS = {
  left: { x: -1 },
  right: { x: 1 },
  up: { y: -1 },
  down: { y: 1 },
  wider: { w: 1 },
  narrower: { w: -1 },
  taller: { h: 1 },
  shorter: { h: -1 },
} as const;
type Step = keyof typeof STEPS;

/** The layout after one keyboard step of card `id`, other cards moved out of its way and all pushed up. */
function stepped(layout: Layout, id: string, step: Step): Layout {
  const item = layout.find(l => l.i === id);
  if (!item) return layout;
  const change: Partial<Record<'x' | 'y' | 'w' | 'h', number>> = STEPS[step];
  const w = Math.min(GRID_COLUMNS - item.x, Math.max(item.minW ?? 1, item.w + (change.w ?? 0)));
  const h = Math.max(item.minH ?? 1, item.h + (change.h ?? 0));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, item.x + (change.x ?? 0)));
  // moving up past the card above: jump over it, or compaction would put it straight back
  const y = Math.max(0, item.y + (change.y ?? 0) * (change.y === -1 ? h : 1));
  const resized = layout.map(l => (l.i === id ? { ...l, w, h } : l));
  const moved = moveElement(resized, resized.find(l => l.i === id)!, x, y, true, false, 'vertical', GRID_COLUMNS);
  return verticalCompactor.compact(moved, GRID_COLUMNS);
}

const CardMenu = ({ title, onStep, onRemove }: { title: string; onStep: (step: Step) => void; onRemove: () => void }) => {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <IconButton
        size="small"
        aria-label={translate('app.bi.dashboard.arrange_card', { title })}
        aria-haspopup="menu"
        onClick={e => setAnchor(e.currentTarget)}
        sx={{ position: 'absolute', left: 4, bottom: 4, zIndex: 2, bgcolor: 'background.paper' }}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {(Object.keys(STEPS) as Step[]).map(step => (
          <MenuItem key={step} onClick={() => onStep(step)}>
            {translate(`app.bi.dashboard.steps.${step}`)}
          </MenuItem>
        ))}
        <MenuItem
          onClick={() => {
            setAnchor(null);
            onRemove();
          }}
        >
          {translate('app.bi.dashboard.remove_card')}
        </MenuItem>
      </Menu>
    </>
  );
};

export default function ArrangeGrid({
  cards,
  titleOf,
  render,
  onArrange,
  onRemove,
}: {
  cards: readonly CardRecord[];
  titleOf: (card: CardRecord) => string;
  render: (card: CardRecord) => ReactNode;
  onArrange: (moved: { id: number; placement: Placement }[]) => void;
  onRemove: (card: CardRecord) => void;
}) {
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = gridItems(cards);
  const save = (next: Layout) => {
    const moved = movedCards(cards, next);
    if (moved.length) onArrange(moved);
  };
  const stop = (next: Layout, _old: LayoutItem | null) => save(next);
  return (
    <Box ref={containerRef}>
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [GAP, GAP], containerPadding: [0, 0] }}
          dragConfig={{ enabled: true, cancel: 'a, button, input, [role="combobox"], .react-resizable-handle' }}
          resizeConfig={{ enabled: true, handles: ['se'] }}
          compactor={verticalCompactor}
          onDragStop={stop}
          onResizeStop={stop}
        >
          {cards.map(card => (
            <Box key={String(card.id)} data-card={card.id} sx={{ cursor: 'move' }}>
              <Box sx={{ height: '100%' }}>{render(card)}</Box>
              <CardMenu title={titleOf(card)} onStep={step => save(stepped(layout, String(card.id), step))} onRemove={() => onRemove(card)} />
            </Box>
          ))}
        </ReactGridLayout>
      )}
    </Box>
  );
}
