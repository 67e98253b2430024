import { carriedFilters, filterValues, readDashboardView, setField } from '../src/dashboards/filterState';
import { cardHeight, gridItems, movedCards, placeBelow, readingOrder, type CardRecord } from '../src/dashboards/layout';

const card = (id: number, x: number, y: number, w: number, h: number): CardRecord => ({ id, dashboard_id: 1, question_id: id, report_card: null, x, y, w, h });

describe('cards on the grid', () => {
  const cards = [card(3, 6, 0, 6, 8), card(1, 0, 8, 12, 4), card(2, 0, 0, 6, 8)];

  it('reads top to bottom, then left to right', () => {
    expect(readingOrder(cards).map(c => c.id)).toEqual([2, 3, 1]);
  });

  it('gives the grid one item per card, keyed by its id', () => {
    expect(gridItems(cards)[0]).toEqual({ i: '2', x: 0, y: 0, w: 6, h: 8, minW: 2, minH: 2 });
  });

  it('saves only the cards the arrangement moved or resized', () => {
    const layout = [
      { i: '2', x: 6, y: 0, w: 6, h: 8 },
      { i: '3', x: 0, y: 0, w: 6, h: 8 },
      { i: '1', x: 0, y: 8, w: 12, h: 4 },
      { i: 'gone', x: 0, y: 12, w: 1, h: 1 },
    ];
    expect(movedCards(cards, layout)).toEqual([
      { id: 2, placement: { x: 6, y: 0, w: 6, h: 8 } },
      { id: 3, placement: { x: 0, y: 0, w: 6, h: 8 } },
    ]);
    expect(movedCards(cards, [{ i: '1', x: 0, y: 8, w: 12, h: 6 }])).toEqual([{ id: 1, placement: { x: 0, y: 8, w: 12, h: 6 } }]);
  });

  it('puts a new card under all the others', () => {
    expect(placeBelow(cards)).toEqual({ x: 0, y: 12, w: 6, h: 8 });
    expect(placeBelow([])).toEqual({ x: 0, y: 0, w: 6, h: 8 });
  });

  it('makes a card of h rows h row heights and h − 1 gaps tall', () => {
    expect(cardHeight(3)).toBe(3 * 42 + 2 * 16);
  });
});

describe('a dashboard’s filters in the URL', () => {
  const definition = { period: { preset: 'q1' as const, fiscal_year: null }, organization: true, fields: ['program', 'child_id.service_delivery_area'] };
  const today = '2026-01-15';

  it('starts on the dashboard’s own period when the URL names none', () => {
    const view = readDashboardView(new URLSearchParams(), definition, today);
    expect(view.period).toMatchObject({ fiscalYear: 2025, preset: 'q1', from: '2025-04-01', to: '2025-06-30', organizationId: null });
    expect(filterValues(view)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
  });

  it('sends the URL’s period, organisation and the fields the dashboard offers to every card', () => {
    const params = new URLSearchParams({ fy: '2024', period: 'final', org: '3', filters: JSON.stringify({ program: 'CSP', colour: 'red' }) });
    expect(filterValues(readDashboardView(params, definition, today))).toEqual({ from: '2024-04-01', to: '2025-03-31', organization_id: 3, program: 'CSP' });
  });

  it('applies no period to question cards of a dashboard without one, unless the URL carries one', () => {
    const none = { ...definition, period: null };
    expect(filterValues(readDashboardView(new URLSearchParams(), none, today))).toEqual({});
    expect(readDashboardView(new URLSearchParams(), none, today).period.from).toBe('2025-04-01');
    expect(filterValues(readDashboardView(new URLSearchParams({ fy: '2025', period: 'q2' }), none, today))).toEqual({ from: '2025-07-01', to: '2025-09-30' });
  });

  it('sets and clears one field, keeping the period', () => {
    const params = new URLSearchParams({ fy: '2025', period: 'q1' });
    setField(params, 'program', 'CSP');
    expect(params.get('filters')).toBe('{"program":"CSP"}');
    expect(params.get('period')).toBe('q1');
    setField(params, 'program', '');
    expect(params.has('filters')).toBe(false);
    expect(params.get('period')).toBe('q1');
  });

  it('carries the period and fields, and nothing else, into another dashboard', () => {
    const params = new URLSearchParams({ fy: '2025', period: 'q1', org: '2', filters: '{"program":"CSP"}', tab: 'x' });
    expect(carriedFilters(params)).toBe('?fy=2025&period=q1&org=2&filters=%7B%22program%22%3A%22CSP%22%7D');
    expect(carriedFilters(new URLSearchParams())).toBe('');
  });

  it('ignores a malformed fields parameter', () => {
    expect(readDashboardView(new URLSearchParams({ filters: '{oops' }), definition, today).fields).toEqual({});
  });
});
