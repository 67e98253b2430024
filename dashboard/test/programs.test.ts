import { inProgramArea, reportPrograms } from '../src/meta/programs';

describe('programme areas', () => {
  const provider = { programs: ['SHSS' as const], reports: [{ name: 'csp-measures', title: 'CSP', programs: ['CSP' as const] }, { name: 'active-plans', title: 'Active', programs: null }] };

  it("shows an area only to an organisation working in one of its programmes, and shared areas to all", () => {
    expect(inProgramArea(provider, ['SHSS', 'FCC'])).toBe(true);
    expect(inProgramArea(provider, ['CSP'])).toBe(false);
    expect(inProgramArea({ programs: [] }, ['SHSS', 'FCC'])).toBe(false);
    expect(inProgramArea({ programs: [] }, null)).toBe(true);
    expect(inProgramArea(null, ['CSP'])).toBe(true);
  });

  it("reads a report's area from /api/meta", () => {
    expect(reportPrograms(provider, 'csp-measures')).toEqual(['CSP']);
    expect(reportPrograms(provider, 'active-plans')).toBeNull();
    expect(reportPrograms(provider, 'unknown')).toBeNull();
  });
});
