import fc from 'fast-check';
import { percentileCont, roundedMean, roundedToTenths, waitStatistics, type DayCount } from '../../server/reports/waitStatistics';
import { useTestDatabase } from '../helpers/testDb';

/**
 * The wait-times figures the server works out from the rollups' distribution
 * (server/reports/waitStatistics.ts) against PostgreSQL computing them over the waits one by one,
 * as the base tables' statement does (waitTimes.ts `waitStatisticsSql`): equal to the last bit —
 * random distributions with many ties, fractions other than the report's two, and the rounding of
 * floats at and next to every kind of tie (x.x5 written in decimal, exact binary ties at the 15th
 * digit, neighbours one ulp away, negative values).
 */
const db = useTestDatabase();

/** A PostgreSQL array literal of `values` (each as JavaScript prints it: the shortest text that reads back as the same float). */
const pgArray = (values: number[]) => `{${values.map(String).join(',')}}`;

/** The float one ulp above (+1) or below (−1) `x`, x > 0. */
function ulpStep(x: number, step: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(step));
  return view.getFloat64(0);
}

/** Floats whose rounding to tenths is close to a tie, one way or another. */
const nearTies: fc.Arbitrary<number> = fc.oneof(
  // x.x5 as written in decimal, the nearest float of which is just above or just below it
  fc.integer({ min: -200_000, max: 200_000 }).map((k) => (k * 10 + 5) / 100),
  fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom(1, -1)).map(([k, step]) => ulpStep((k * 10 + 5) / 100 || 0.05, step as 1 | -1)),
  // x.x4999… with 12 to 18 nines: on which side of 15 significant digits the nines end decides
  fc.tuple(fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 18 }), fc.constantFrom('', '1', '5', '9')).map(
    ([whole, tenth, nines, tail]) => Number(`${whole}.${tenth}4${'9'.repeat(nines)}${tail}`),
  ),
  // exact binary ties at the 15th significant digit (16 digits ending in 5): half to even there
  fc.tuple(fc.integer({ min: 1_000, max: 9_999 }), fc.integer({ min: 0, max: 2_047 })).map(([whole, odd]) => whole + (odd * 2 + 1) / 4096),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 1 << 20 })).map(([whole, odd]) => whole + (odd * 2 + 1) / 2 ** 42),
  // the interpolations of the report: a + f × (b − a)
  fc.tuple(fc.integer({ min: -10, max: 1_000 }), fc.integer({ min: 0, max: 1_000 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, d, f]) => a + f * d),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
);

describe('roundedToTenths', () => {
  it('is round(x::numeric, 1)::float8, ties and neighbours of ties included', async () => {
    const known = [0, -0, 0.05, 0.15, 0.25, 0.35, 0.45, -0.05, -0.35, 1.45, 2.675, 1234.000244140625, 1234.0002441406255, 12.349999999999999, 12.34999999999999, 1e21, 5e-324];
    const check = async (xs: number[]) => {
      const { rows } = await db.knex.raw<{ rows: { r: number }[] }>('select round(x::numeric, 1)::float8 as r from unnest(?::float8[]) with ordinality u(x, i) order by i', [pgArray(xs)]);
      expect(xs.map(roundedToTenths)).toEqual(rows.map((row) => row.r));
    };
    await check(known);
    await fc.assert(fc.asyncProperty(fc.array(nearTies, { minLength: 1, maxLength: 200 }), check), { numRuns: 60 });
  });
});

describe('roundedMean', () => {
  it('is round(sum::numeric / count, 1)::float8', async () => {
    // counts of 2, 4, 20, 40 or 200 make quotients ending in 5 at the hundredths: ties
    const pair = fc.tuple(fc.integer({ min: -5_000_000, max: 50_000_000 }), fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(2, 4, 20, 40, 200)));
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 200 }), async (pairs) => {
        const { rows } = await db.knex.raw<{ rows: { r: number }[] }>(
          'select round(s::numeric / c, 1)::float8 as r from unnest(?::bigint[], ?::bigint[]) with ordinality u(s, c, i) order by i',
          [pgArray(pairs.map(([s]) => s)), pgArray(pairs.map(([, c]) => c))],
        );
        expect(pairs.map(([s, c]) => roundedMean(s, c))).toEqual(rows.map((row) => row.r));
      }),
      { numRuns: 40 },
    );
  });
});

/** Distributions as the rollups give them: days ascending (repeats allowed), many ties, a few long waits. */
const distribution: fc.Arbitrary<DayCount[]> = fc
  .array(
    fc.record({
      days: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 1_200 })),
      n: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 30 })),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((entries) => [...entries].sort((a, b) => a.days - b.days));

describe('the wait statistics of a distribution', () => {
  it('equal count, avg, percentile_cont and their rounding over the waits one by one', async () => {
    await fc.assert(
      fc.asyncProperty(distribution, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), async (counts, fractions) => {
        const waits = counts.flatMap(({ days, n }) => Array<number>(n).fill(days));
        const { rows } = await db.knex.raw<{ rows: Record<string, number>[] }>(
          `select count(*)::int as count,
                  round(avg(d), 1)::float8 as mean,
                  round((percentile_cont(0.5) within group (order by d))::numeric, 1)::float8 as median,
                  round((percentile_cont(0.9) within group (order by d))::numeric, 1)::float8 as p90,
                  percentile_cont(:f1::float8) within group (order by d) as f1,
                  percentile_cont(:f2::float8) within group (order by d) as f2,
                  percentile_cont(:f3::float8) within group (order by d) as f3,
                  round((percentile_cont(:f1::float8) within group (order by d))::numeric, 1)::float8 as r1
           from unnest(:waits::int[]) d`,
          { waits: pgArray(waits), f1: String(fractions[0]), f2: String(fractions[1]), f3: String(fractions[2]) },
        );
        const { f1, f2, f3, r1, ...figures } = rows[0];
        expect(waitStatistics(counts)).toEqual(figures);
        expect(fractions.map((f) => percentileCont(counts, waits.length, f))).toEqual([f1, f2, f3]);
        expect(roundedToTenths(percentileCont(counts, waits.length, fractions[0]))).toBe(r1);
      }),
      { numRuns: 150 },
    );
  });

  it('has no figures for no waits', () => {
    expect(waitStatistics([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });
});
