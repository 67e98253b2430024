import { monthViewRange, monthWeeks, shiftMonth } from '../src/compliance/calendarGrid';

describe('the month view', () => {
  it('shows whole weeks, Monday first: January 2026 starts on a Thursday and ends on a Saturday', () => {
    const weeks = monthWeeks('2026-01-01');
    expect(weeks).toHaveLength(5);
    expect(weeks[0].map(d => d.date)).toEqual(['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(weeks[0].map(d => d.inMonth)).toEqual([false, false, false, true, true, true, true]);
    expect(weeks[4].map(d => d.date)).toEqual(['2026-01-26', '2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31', '2026-02-01']);
    expect(monthViewRange('2026-01-15')).toEqual({ from: '2025-12-29', to: '2026-02-01' });
  });

  it('takes six weeks when the month needs them, and none more than its own when it fits', () => {
    expect(monthWeeks('2026-03-01')).toHaveLength(6); // March 2026: Sunday the 1st to Tuesday the 31st
    expect(monthWeeks('2021-02-01')).toHaveLength(4); // February 2021: Monday the 1st to Sunday the 28th
  });

  it('moves by whole months, across years', () => {
    expect(shiftMonth('2026-01-31', -1)).toBe('2025-12-01');
    expect(shiftMonth('2025-12-01', 1)).toBe('2026-01-01');
  });
});
