import type { WaitStatistics } from '../../contract/reports';

/**
 * Count, mean, median and 90th percentile of a distribution of waits — `n` waits of `days` each,
 * in days order — computed here as PostgreSQL computes them over the waits one by one
 * (waitTimes.ts `waitStatisticsSql`), to the last digit: the wait-times report reads the
 * rollups' small distribution (a few hundred rows for an organisation's year) and works the
 * figures out in the server rather than in a statement of window aggregates, which cost 5 of
 * its 10 ms at a million children (docs/reports.md "Wait times from the rollups").
 * `test/reports/waitStatistics.test.ts` compares every function here with PostgreSQL.
 */
export interface DayCount {
  days: number;
  n: number;
}

/**
 * `round(avg(days), 1)::float8`: the exact quotient Σ days × n ÷ count, rounded to tenths half
 * away from zero as numeric `round` does (numeric division keeps 16 significant digits, far
 * more than a quotient of counts this size needs to be told from a tie). Integers stay below 2^53.
 */
export function roundedMean(sum: number, count: number): number {
  const tenths = Math.abs(sum) * 10;
  let q = Math.floor(tenths / count);
  const remainder = tenths - q * count;
  if (remainder * 2 >= count) q += 1;
  return q === 0 ? 0 : (Math.sign(sum) * q) / 10;
}

/** `x` = `digits` × 10^`exponent` exactly (x finite, not negative). */
function exactDecimal(x: number): { digits: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const binaryExponent = (biased === 0 ? 1 : biased) - 1075;
  if (binaryExponent >= 0) return { digits: mantissa << BigInt(binaryExponent), exponent: 0 };
  // m / 2^k = m × 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-binaryExponent), exponent: binaryExponent };
}

/** `digits` with its last `drop` decimal digits rounded off: half to even, or half away from zero. */
function dropDigits(digits: bigint, drop: number, ties: 'even' | 'away'): bigint {
  if (drop <= 0) return digits;
  const unit = 10n ** BigInt(drop);
  const kept = digits / unit;
  const twice = (digits % unit) * 2n;
  if (twice > unit || (twice === unit && (ties === 'away' || kept % 2n === 1n))) return kept + 1n;
  return kept;
}

/**
 * `round(x::numeric, 1)::float8`. The cast float8 → numeric keeps 15 significant digits
 * (PostgreSQL prints the float with `%.15g`, which rounds the exact binary value half to even),
 * so 0.35, stored as 0.34999999999999997…, becomes 0.350000000000000 and rounds to 0.4 where the
 * float itself would round to 0.3; numeric `round` then rounds half away from zero, and the cast
 * back reads the decimal as the nearest float.
 */
export function roundedToTenths(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`no numeric for ${x}`);
  if (x === 0) return 0;
  const { digits, exponent } = exactDecimal(Math.abs(x));
  const significant = digits.toString().length;
  const fifteen = dropDigits(digits, significant - 15, 'even');
  const fifteenExponent = exponent + Math.max(0, significant - 15);
  // to tenths: digits × 10^exponent = tenths × 10^-1
  const tenths = fifteenExponent >= -1 ? fifteen * 10n ** BigInt(fifteenExponent + 1) : dropDigits(fifteen, -1 - fifteenExponent, 'away');
  if (tenths === 0n) return 0;
  return Number(`${x < 0 ? '-' : ''}${tenths}e-1`);
}

/**
 * `percentile_cont(fraction)` of the waits, as float8: the waits at positions ⌊fraction ×
 * (count − 1)⌋ and ⌈…⌉ (from 0, in days order), interpolated as PostgreSQL's `float8_lerp`.
 */
export function percentileCont(distribution: readonly DayCount[], count: number, fraction: number): number {
  const position = fraction * (count - 1);
  const first = Math.floor(position);
  const second = Math.ceil(position);
  const low = waitAt(distribution, first);
  if (second === first) return low;
  const high = waitAt(distribution, second);
  return low + (position - first) * (high - low);
}

/** The wait at `position` (from 0) of the waits one by one. */
function waitAt(distribution: readonly DayCount[], position: number): number {
  let upTo = 0;
  for (const { days, n } of distribution) {
    upTo += n;
    if (upTo > position) return days;
  }
  throw new RangeError(`no wait at ${position}`);
}

/** The report's four figures of `distribution` (days ascending); a distribution of no waits has count 0 and no figures. */
export function waitStatistics(distribution: readonly DayCount[]): WaitStatistics {
  let count = 0;
  let sum = 0;
  for (const { days, n } of distribution) {
    count += n;
    sum += days * n;
  }
  if (count === 0) return { count: 0, mean: null, median: null, p90: null };
  return {
    count,
    mean: roundedMean(sum, count),
    median: roundedToTenths(percentileCont(distribution, count, 0.5)),
    p90: roundedToTenths(percentileCont(distribution, count, 0.9)),
  };
}
