import {
  fiscalYearChoices,
  fiscalYearLabel,
  fiscalYearOf,
  monthRange,
  presetRange,
  readPeriod,
  reportParams,
  writePeriod,
} from '../src/reporting/period';

describe('fiscal years run April 1 to March 31', () => {
  it('puts April 1 in the fiscal year that starts that day', () => {
    expect(fiscalYearOf('2025-04-01')).toBe(2025);
  });

  it('puts March 31 in the fiscal year that started the April before', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
  });

  it('names fiscal year 2025 "2025–26"', () => {
    expect(fiscalYearLabel(2025)).toBe('2025–26');
    expect(fiscalYearLabel(1999)).toBe('1999–00');
  });

  it('offers the current fiscal year and the five before it', () => {
    expect(fiscalYearChoices('2026-02-10')).toEqual([2025, 2024, 2023, 2022, 2021, 2020]);
  });
});

describe('period presets of fiscal year 2025', () => {
  it.each([
    ['q1', '2025-04-01', '2025-06-30'],
    ['q2', '2025-07-01', '2025-09-30'],
    ['q3', '2025-10-01', '2025-12-31'],
    ['q4', '2026-01-01', '2026-03-31'],
    ['interim', '2025-04-01', '2025-12-31'],
    ['final', '2025-04-01', '2026-03-31'],
  ] as const)('%s runs from %s to %s', (preset, from, to) => {
    expect(presetRange(preset, 2025)).toEqual({ from, to });
  });
});

describe('the period in the URL', () => {
  const today = '2025-11-15';

  it('defaults to the whole current fiscal year, all organisations', () => {
    expect(readPeriod(new URLSearchParams(''), today)).toEqual({
      fiscalYear: 2025,
      preset: 'final',
      from: '2025-04-01',
      to: '2026-03-31',
      organizationId: null,
    });
  });

  it('reads a quarter of another year and an organisation', () => {
    expect(readPeriod(new URLSearchParams('fy=2023&period=q4&org=7'), today)).toEqual({
      fiscalYear: 2023,
      preset: 'q4',
      from: '2024-01-01',
      to: '2024-03-31',
      organizationId: 7,
    });
  });

  it('reads custom dates and takes the fiscal year of their start', () => {
    expect(readPeriod(new URLSearchParams('period=custom&from=2024-02-01&to=2024-05-15'), today)).toMatchObject({
      fiscalYear: 2023,
      preset: 'custom',
      from: '2024-02-01',
      to: '2024-05-15',
    });
  });

  it('falls back to the whole year when custom dates are reversed', () => {
    expect(readPeriod(new URLSearchParams('period=custom&from=2024-06-01&to=2024-05-01'), today)).toMatchObject({
      preset: 'final',
      from: '2025-04-01',
    });
  });

  it('ignores an unknown preset and a malformed organisation', () => {
    expect(readPeriod(new URLSearchParams('period=q9&org=abc'), today)).toMatchObject({ preset: 'final', organizationId: null });
  });

  it('writes what it reads', () => {
    const state = readPeriod(new URLSearchParams('fy=2024&period=interim&org=3'), today);
    expect(writePeriod(state)).toEqual({ fy: '2024', period: 'interim', org: '3' });
    expect(readPeriod(new URLSearchParams(writePeriod(state)), today)).toEqual(state);
  });

  it('writes custom dates without a fiscal year', () => {
    const state = readPeriod(new URLSearchParams('period=custom&from=2024-02-01&to=2024-02-29'), today);
    expect(writePeriod(state)).toEqual({ period: 'custom', from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('report parameters', () => {
  it('sends from, to and the organisation when one is chosen', () => {
    const state = readPeriod(new URLSearchParams('fy=2025&period=q1&org=2'), '2025-11-15');
    expect(reportParams(state)).toEqual({ from: '2025-04-01', to: '2025-06-30', organization_id: 2 });
  });

  it('leaves the organisation out for all organisations', () => {
    const state = readPeriod(new URLSearchParams('fy=2025&period=q1'), '2025-11-15');
    expect(reportParams(state)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
  });
});

describe('a month of a series', () => {
  it('runs from its first to its last day', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('is clipped to the period', () => {
    expect(monthRange('2025-04', { from: '2025-04-10', to: '2025-04-20' })).toEqual({ from: '2025-04-10', to: '2025-04-20' });
  });
});
