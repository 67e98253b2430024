import { gridCounts, SMALL_COUNT, suppressSmallCounts, WITHHELD } from '../../server/reports/suppression';
import type { ReportTable } from '../../server/reports/types';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * suppress_small=1: counts of 1 to 4 become "<5", and enough other cells are withheld ("x")
 * that no withheld cell can be worked out from the published cells and totals. The check below
 * is an attacker's: it solves the published table's sums for every value a withheld cell can
 * take (a "<5" is 1–4, an "x" any count) and requires at least two.
 */
type Grid = { rows: Record<string, number | string>[]; columns: string[]; rowTotal: string };

/** Each withheld cell's possible values, given the published cells, each row's total and each column's sum (published elsewhere). */
function possibleValues(published: Grid, truth: Grid): Map<string, Set<number>> {
  const cells = published.rows.flatMap((row, r) => [...published.columns, published.rowTotal].map((column) => ({ r, column, shown: row[column] })));
  const unknown = cells.filter((c) => typeof c.shown === 'string');
  const max = Math.max(...truth.rows.map((row) => Number(row[truth.rowTotal])));
  const key = (c: { r: number; column: string }) => `${c.r}:${c.column}`;
  // Linear equations Σ coefficient × cell = rhs: each row's parts minus its total = 0; each column = its true sum.
  const equations = [
    ...published.rows.map((_, r) => ({
      terms: [...published.columns.map((column) => ({ r, column, k: 1 })), { r, column: published.rowTotal, k: -1 }],
      rhs: 0,
    })),
    ...[...published.columns, published.rowTotal].map((column) => ({
      terms: published.rows.map((_, r) => ({ r, column, k: 1 })),
      rhs: truth.rows.reduce((sum, row) => sum + Number(row[column]), 0),
    })),
  ];
  const possible = new Map(unknown.map((c) => [key(c), new Set<number>()]));
  const range = (c: (typeof unknown)[number]) => (c.shown === SMALL_COUNT ? [1, 2, 3, 4] : Array.from({ length: max + 1 }, (_, i) => i));
  const value = (assigned: Map<string, number>, term: { r: number; column: string }) =>
    assigned.get(key(term)) ?? (typeof published.rows[term.r][term.column] === 'number' ? (published.rows[term.r][term.column] as number) : undefined);
  const consistent = (assigned: Map<string, number>) =>
    equations.every((eq) => {
      const values = eq.terms.map((t) => value(assigned, t));
      return values.some((v) => v === undefined) || eq.terms.reduce((sum, t, i) => sum + t.k * values[i]!, 0) === eq.rhs;
    });
  const search = (i: number, assigned: Map<string, number>) => {
    if (!consistent(assigned)) return;
    if (i === unknown.length) {
      for (const [k, v] of assigned) possible.get(k)!.add(v);
      return;
    }
    for (const v of range(unknown[i])) search(i + 1, new Map(assigned).set(key(unknown[i]), v));
  };
  search(0, new Map());
  return possible;
}

function publish(grid: Grid): Grid {
  const table: ReportTable = {
    columns: [],
    rows: grid.rows,
    counts: gridCounts(grid.rows.length, { columns: grid.columns, rowTotal: grid.rowTotal }),
  };
  return { ...grid, rows: suppressSmallCounts(table).rows as Grid['rows'] };
}

describe('small-count suppression', () => {
  it('withholds a small count, and the cells that would give it away through the totals', () => {
    const truth: Grid = {
      columns: ['CSP', 'SHSS'],
      rowTotal: 'total',
      rows: [
        { name: 'P', CSP: 2, SHSS: 7, total: 9 },
        { name: 'Q', CSP: 6, SHSS: 5, total: 11 },
      ],
    };
    const published = publish(truth);
    // P's 2 is small. Its row then holds one withheld cell: the smallest other, 7, goes too;
    // the CSP column: Q's 6; the SHSS column: Q's 5. Q's row has two, the total column none.
    expect(published.rows).toEqual([
      { name: 'P', CSP: SMALL_COUNT, SHSS: WITHHELD, total: 9 },
      { name: 'Q', CSP: WITHHELD, SHSS: WITHHELD, total: 11 },
    ]);
    // From P + 7 = 9, Q = 11, the columns 8 and 12: P's CSP could be 1, 2, 3 or 4.
    const possible = possibleValues(published, truth);
    expect([...possible.get('0:CSP')!].sort()).toEqual([1, 2, 3, 4]);
    for (const values of possible.values()) expect(values.size).toBeGreaterThan(1);
  });

  it('protects small counts spread over a larger table, totals included', () => {
    const truth: Grid = {
      columns: ['a', 'b', 'c'],
      rowTotal: 'total',
      rows: [
        { a: 3, b: 10, c: 7, total: 20 },
        { a: 8, b: 0, c: 12, total: 20 },
        { a: 5, b: 1, c: 0, total: 6 },
      ],
    };
    const published = publish(truth);
    const withheld = published.rows.flatMap((row) => Object.values(row).filter((v) => typeof v === 'string'));
    expect(withheld.filter((v) => v === SMALL_COUNT)).toHaveLength(2); // the 3 and the 1
    // No line (row with its total, or column) holds exactly one withheld cell.
    const lines = [
      ...published.rows.map((row) => ['a', 'b', 'c', 'total'].map((c) => row[c])),
      ...['a', 'b', 'c', 'total'].map((c) => published.rows.map((row) => row[c])),
    ];
    for (const line of lines) expect(line.filter((v) => typeof v === 'string')).not.toHaveLength(1);
    for (const values of possibleValues(published, truth).values()) expect(values.size).toBeGreaterThan(1);
  });

  it('leaves a table without small counts, and zeros, as they are', () => {
    const truth: Grid = { columns: ['a', 'b'], rowTotal: 'total', rows: [{ a: 0, b: 5, total: 5 }, { a: 9, b: 6, total: 15 }] };
    expect(publish(truth).rows).toEqual(truth.rows);
  });
});

describe('suppress_small=1 on a report download', () => {
  const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
  let token: string;

  beforeAll(async () => {
    const f = factories(ctx.knex);
    ({ token } = await ctx.createUser({ role: 'ministry_manager' }));
    const counts: [string, number, number][] = [
      ['P agency', 2, 7],
      ['Q agency', 6, 5],
    ];
    for (const [name, csp, shss] of counts) {
      const org = await f.organization({ name, kind: 'service_provider' });
      for (let i = 0; i < csp; i += 1) await f.cspCase({ organization_id: org, referral_date: '2026-02-01', initiated_on: '2026-03-01' });
      const place = await f.placeOfService({ organization_id: org });
      for (let i = 0; i < shss; i += 1) {
        const child = await f.child();
        await f.shssPlan({ child_id: child, organization_id: org, placement_id: await f.placement({ child_id: child, place_of_service_id: place }), approved_on: '2025-06-01' });
      }
    }
  });

  it('publishes the cross-organisation table with its small counts withheld', async () => {
    const url = '/api/reports/active-plans?period=final&fiscal_year=2025&format=csv&table=by_organization';
    const plain = await ctx.api(token).get(url).expect(200);
    expect(plain.text.split('\r\n').slice(1, 3).map((line) => line.split(',').slice(1))).toEqual([
      ['P agency', '2', '7', '9'],
      ['Q agency', '6', '5', '11'],
    ]);
    const suppressed = await ctx.api(token).get(`${url}&suppress_small=1`).expect(200);
    expect(suppressed.text.split('\r\n').slice(1, 3).map((line) => line.split(',').slice(1))).toEqual([
      ['P agency', '<5', 'x', '9'],
      ['Q agency', 'x', 'x', '11'],
    ]);
    const audit = await ctx.knex('audit_events').where({ action: 'export', resource: 'reports/active-plans' }).orderBy('id', 'desc').first();
    expect(audit.changes.after).toMatchObject({ table: 'by_organization', suppress_small: true });
  });

  it('refuses suppress_small without a download', async () => {
    const res = await ctx.api(token).get('/api/reports/active-plans?period=final&fiscal_year=2025&suppress_small=1').expect(400);
    expect(res.body.errors).toEqual({ suppress_small: 'Applies to downloads: give format=csv or xlsx' });
  });
});
