import { GRID_COLUMNS, type BuiltInCard } from '../../../contract/questions';

/**
 * A dashboard's cards on its 12-column grid: the records' `x y w h` as the grid layout
 * package's items and back, the order a reader (and a narrow screen) meets them in, and where
 * a new card goes.
 */
export interface CardRecord {
  id: number;
  dashboard_id: number;
  question_id: number | null;
  report_card: BuiltInCard | null;
  x: number;
  y: number;
  w: number;
  h: number;
  period_field?: string | null;
  organization_field?: string | null;
}

export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
  minW: number;
  minH: number;
}

export type Placement = Pick<CardRecord, 'x' | 'y' | 'w' | 'h'>;

/** Row height and gap of the grid, in pixels: a KPI card is 3 rows, a chart 8. */
export const ROW_HEIGHT = 42;
export const GAP = 16;

/** A card's height in pixels for `h` rows. */
export const cardHeight = (h: number) => h * ROW_HEIGHT + (h - 1) * GAP;

/** Top to bottom, then left to right (ties by id): the order of the page and of a narrow screen. */
export function readingOrder<C extends CardRecord>(cards: readonly C[]): C[] {
  return [...cards].sort((a, b) => a.y - b.y || a.x - b.x || a.id - b.id);
}

export function gridItems(cards: readonly CardRecord[]): GridItem[] {
  return readingOrder(cards).map(card => ({ i: String(card.id), x: card.x, y: card.y, w: card.w, h: card.h, minW: 2, minH: 2 }));
}

/** The cards whose place or size the arranged layout changed, with their new `x y w h`. */
export function movedCards(cards: readonly CardRecord[], layout: readonly (Placement & { i: string })[]): { id: number; placement: Placement }[] {
  const byId = new Map(cards.map(card => [String(card.id), card]));
  const moved: { id: number; placement: Placement }[] = [];
  for (const item of layout) {
    const card = byId.get(item.i);
    if (!card) continue;
    const placement = { x: item.x, y: item.y, w: item.w, h: item.h };
    if (placement.x !== card.x || placement.y !== card.y || placement.w !== card.w || placement.h !== card.h) moved.push({ id: card.id, placement });
  }
  return moved;
}

/** A new card of `w` × `h` goes under every other card, at the left. */
export function placeBelow(cards: readonly Placement[], w = 6, h = 8): Placement {
  const bottom = cards.reduce((max, card) => Math.max(max, card.y + card.h), 0);
  return { x: 0, y: bottom, w: Math.min(w, GRID_COLUMNS), h };
}
