import { seedScale, type SeedSummary } from '../../seeds/scale';
import { LOOKUPS_WITHOUT_FRENCH } from '../helpers/lookups';
import { useTestDatabase } from '../helpers/testDb';

/**
 * `seed:scale` at a small population: the columns triggers keep are right although no trigger
 * ran and no table was updated after the load, the indexes it drops for the load are all back,
 * and the rate it prints is over the whole command.
 */
const db = useTestDatabase();
let summary: SeedSummary;
let elapsed: number;
let lines: string[];
let indexesBefore: string[];

const indexDefinitions = async () =>
  (await db.knex.raw(`select indexdef from pg_indexes where schemaname = 'public' order by indexdef`)).rows.map((r: { indexdef: string }) => r.indexdef);

beforeAll(async () => {
  indexesBefore = await indexDefinitions();
  lines = [];
  const started = Date.now();
  summary = await seedScale({ children: 2000, seed: 7, asOf: '2026-10-31', connectionString: db.url, log: (line) => lines.push(line) });
  elapsed = (Date.now() - started) / 1000;
});

const one = async (sql: string) => Number((await db.knex.raw(sql)).rows[0].n);

describe('seed:scale', () => {
  it('gives every lookup it seeds its French label', async () => {
    const { rows } = await db.knex.raw(LOOKUPS_WITHOUT_FRENCH);
    expect(rows.length).toBe(3);
    expect(rows.filter((r: { n: number }) => r.n > 0)).toEqual([]);
  });

  it('sets referrals.placed as its trigger would: true exactly when a placement names the referral', async () => {
    const differences = await one(`select count(*) as n from referrals r
      where r.placed is distinct from exists (select 1 from placements p where p.referral_id = r.id)`);
    expect(differences).toBe(0);
    expect(await one(`select count(*) as n from referrals where placed`)).toBeGreaterThan(100);
    expect(await one(`select count(*) as n from referrals where program = 'SHSS' and not placed`)).toBeGreaterThan(0);
  });

  it('sets referral_children.csp_initiated_on to the first CSP initiation of the pair, as its trigger would', async () => {
    const differences = await one(`select count(*) as n from referral_children rc
      where rc.csp_initiated_on is distinct from csp_first_initiation(rc.referral_id, rc.child_id)`);
    expect(differences).toBe(0);
    expect(await one(`select count(*) as n from referral_children where csp_initiated_on is not null`)).toBeGreaterThan(500);
    expect(await one(`select count(*) as n from referral_children where csp_initiated_on is null`)).toBeGreaterThan(100);
  });

  it("sets service_plans.last_activity_on to the plan's latest activity, as its trigger would", async () => {
    const differences = await one(`select count(*) as n from service_plans p
      where p.last_activity_on is distinct from plan_last_activity(p.id)`);
    expect(differences).toBe(0);
    expect(await one(`select count(*) as n from service_plans where last_activity_on is not null`)).toBeGreaterThan(500);
    expect(await one(`select count(*) as n from service_plans where last_activity_on is null`)).toBeGreaterThan(100);
  });

  it('computes the report rollups from the rows it loaded, as their triggers would have', async () => {
    expect((await db.knex.raw('select * from rollup_differences()')).rows).toEqual([]);
    expect(await one(`select sum(referrals) as n from rollup_referrals`)).toBe(summary.tables.referrals);
    expect(await one(`select sum(payments) as n from rollup_payments`)).toBe(summary.tables.payments);
    const initiations = await one(`select count(*) as n from service_plans where program = 'CSP' and initiated_on is not null`);
    expect(initiations).toBeGreaterThan(500);
    for (const rollup of ['rollup_initiation_waits', 'rollup_initiation_waits_by_organization']) expect(await one(`select sum(initiations) as n from ${rollup}`)).toBe(initiations);
    // every plan that ever counted in active plans (a CSP plan initiated, an SHSS plan in service for a day) has its days
    const countedPlans = await one(`select count(*) as n from service_plans
      where (program = 'CSP' and initiated_on is not null) or (program = 'SHSS' and approved_on is not null and (closed_on is null or closed_on > approved_on))`);
    expect(countedPlans).toBeGreaterThan(500);
    expect(await one(`select count(distinct service_plan_id) as n from rollup_active_plan_spans`)).toBe(countedPlans);
  });

  it('updates no row after loading it', async () => {
    // Statistics reach the view once the seed's connections have flushed them.
    const tables = ['referrals', 'referral_children', 'service_plans'];
    const stats = async () =>
      ((await db.knex.raw(`select relname, n_tup_ins::int as ins, n_tup_upd::int as upd from pg_stat_user_tables where relname = any(?)`, [tables])).rows as { relname: string; ins: number; upd: number }[]).sort(
        (a, b) => tables.indexOf(a.relname) - tables.indexOf(b.relname),
      );
    for (let i = 0; i < 50 && (await stats()).some((t) => t.ins !== summary.tables[t.relname as keyof SeedSummary['tables']]); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await stats()).toEqual(
      tables.map((relname) => ({ relname, ins: summary.tables[relname as keyof SeedSummary['tables']], upd: 0 })),
    );
  });

  it('puts back every index it dropped for the load', async () => {
    expect(await indexDefinitions()).toEqual(indexesBefore);
    expect((await db.knex.raw(`select to_regclass('seed_scale_pending_indexes') as t`)).rows[0].t).toBeNull();
  });

  it('prints its rate over the whole command, every table counted', async () => {
    const counted = await Promise.all(
      Object.keys(summary.tables).map(async (table) => [table, await one(`select count(*) as n from ${table}`)] as const),
    );
    // The database was empty: every row in these tables is the seed's.
    const total = counted.reduce((sum, [, n]) => sum + n, 0);
    expect(Object.fromEntries(counted)).toEqual(expect.objectContaining({ children: 2000 }));
    expect(summary.rows).toBe(total);
    const printed = lines.find((line) => line.startsWith('Seeded '))!;
    const [, rows, seconds, rate] = /^Seeded ([\d,]+) rows in ([\d.]+) s, the whole command \(([\d,]+) rows\/s\)/.exec(printed)!;
    expect(Number(rows.replace(/,/g, ''))).toBe(total);
    expect(seconds).toBe(summary.seconds.toFixed(1));
    // From connecting to the end of VACUUM ANALYZE: all but the last moments of the call.
    expect(summary.seconds).toBeLessThanOrEqual(elapsed);
    expect(summary.seconds).toBeGreaterThan(elapsed - 0.5);
    expect(Number(rate.replace(/,/g, ''))).toBe(Math.round(total / summary.seconds));
    expect(summary.phases.load + summary.phases.indexes + summary.phases.vacuum).toBeLessThanOrEqual(summary.seconds);
  });
});
