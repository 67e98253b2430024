import { seedScale } from '../seeds/scale';
import { createKnex, migrateToLatest } from '../server/db/knex';
import { callEndpoint, REPORT_NAMES, round, timed } from './reports';
import { forgetReportAnswers, loadNow, median, setUp, type BenchContext } from './setup';

/**
 * How each report's cost grows with the population: its endpoint at the benchmark's
 * population against the same endpoint on a smaller one (`--growth <url>`, 100,000 children),
 * the two timed alternately so both see the same machine. The smaller database is migrated
 * and seeded first when it holds no children. Target (issue 16): at most 2× from 100 k to 1 M.
 * Each call runs its report: the reports' memo (server/reports/runMemo.ts) would otherwise
 * answer every call of the rounds with a copy of the first one's answer (they all fall within
 * its 5 s), and the ratio would be that of copying and sending an answer, not of computing it.
 */
export const SMALL_CHILDREN = 100_000;
const MAX_RATIO = 2;

export interface GrowthResult {
  name: string;
  large_ms: number;
  small_ms: number;
  ratio: number;
  large_children: number;
  small_children: number;
  target: string;
  met: boolean;
  load: number;
}

/** One call of the endpoint, timed, after the memo has forgotten what it held. */
async function timedRun(ctx: BenchContext, name: string): Promise<number> {
  await forgetReportAnswers(ctx);
  return (await timed(() => callEndpoint(ctx, name)))[0];
}

async function ensurePopulation(url: string, log: (line: string) => void): Promise<void> {
  const knex = createKnex(url, { poolMax: 1 });
  try {
    await migrateToLatest(knex);
    const { rows } = await knex.raw('select exists (select 1 from children) as seeded');
    if (rows[0].seeded) return;
  } finally {
    await knex.destroy();
  }
  log(`  the smaller database is empty: seeding ${SMALL_CHILDREN.toLocaleString('en')} children…`);
  await seedScale({ children: SMALL_CHILDREN, seed: 20261123, asOf: '2026-10-31', connectionString: url, log: (line) => log(`    ${line}`) });
}

export async function benchGrowth(ctx: BenchContext, smallUrl: string, rounds: number, log: (line: string) => void): Promise<GrowthResult[]> {
  await ensurePopulation(smallUrl, log);
  const small = await setUp(smallUrl);
  const results: GrowthResult[] = [];
  try {
    log(`  ${ctx.population.children.toLocaleString('en')} children against ${small.population.children.toLocaleString('en')}`);
    for (const name of REPORT_NAMES) {
      await callEndpoint(ctx, name);
      await callEndpoint(small, name);
      const large: number[] = [];
      const smaller: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        large.push(await timedRun(ctx, name));
        smaller.push(await timedRun(small, name));
      }
      const ratio = median(large) / median(smaller);
      results.push({
        name,
        large_ms: round(median(large)),
        small_ms: round(median(smaller)),
        ratio: round(ratio, 2),
        large_children: ctx.population.children,
        small_children: small.population.children,
        target: `≤ ${MAX_RATIO}×`,
        met: ratio <= MAX_RATIO,
        load: loadNow(),
      });
      log(`  ${name}: ${round(median(large))} ms against ${round(median(smaller))} ms, ${round(ratio, 2)}×; load ${loadNow()}`);
    }
  } finally {
    await small.close();
  }
  return results;
}
