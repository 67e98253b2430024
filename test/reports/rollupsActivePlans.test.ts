import fc from 'fast-check';
import type { Knex } from 'knex';
import { activePlans } from '../../server/reports/activePlans';
import { buckets, type Group } from '../../server/reports/period';
import type { VisibleRecords } from '../../server/reports/reportScope';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { picked, RolledBack, rollupDifferences, runWrite, sixMonthsBefore } from './rollupWrites';

/**
 * The active-plans rollups (migration 20261202100000) against the base tables: after random
 * sequences of writes to plans and activities — inserts, updates that move a plan's dates, its
 * organisation or its child, activities moved across months and plans, deletes, statements of
 * many rows, writes rolled back and writes refused by a constraint — the rollups equal a
 * rebuild from scratch, and the report read from them equals the counts worked out here from
 * the base rows, on month ends, on a `to` inside a month and on a today inside a month.
 */
const db = useTestDatabase();

/** month ends and the days beside them, where "six months before" clips (Aug 31 → Feb 28) */
const DATES = ['2024-08-31', '2024-09-30', '2024-10-01', '2025-02-28', '2025-03-01', '2025-03-31', '2025-04-01', '2025-04-30', '2025-05-01', '2025-08-29', '2025-08-31', '2025-09-30', '2025-10-01', '2026-03-31'];
const PERIODS: { from: string; to: string; group: Group; today: string }[] = [
  { from: '2025-04-01', to: '2026-03-31', group: 'month', today: '2027-01-01' },
  { from: '2025-04-01', to: '2026-03-31', group: 'month', today: '2025-09-15' },
  { from: '2025-04-01', to: '2026-03-31', group: 'quarter', today: '2025-08-31' },
  { from: '2024-08-15', to: '2025-05-20', group: 'month', today: '2026-01-01' },
  { from: '2025-04-01', to: '2026-03-31', group: 'month', today: '2025-03-15' },
];

const day = (column: string) => db.knex.raw(`to_char(${column}, 'YYYY-MM-DD') as ${column.replace(/^p\./, '')}`);

let orgs: { id: number; name: string }[];
let children: number[];
/** a referral per organisation (CSP plans need one), a placement per child and organisation (SHSS plans need one) */
let referrals: number[];
let placements: number[][];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [];
  for (const name of ['Beta Care', 'Alpha Homes']) orgs.push({ id: await f.organization({ name, kind: 'service_provider' }), name });
  children = [await f.child(), await f.child(), await f.child()];
  referrals = await Promise.all(orgs.map((o) => f.referral({ organization_id: o.id, referral_date: '2024-01-02' })));
  const places = await Promise.all(orgs.map((o) => f.placeOfService({ organization_id: o.id })));
  placements = [];
  for (const child of children) placements.push(await Promise.all(places.map((place) => f.placement({ child_id: child, place_of_service_id: place }))));
});

type Program = 'CSP' | 'SHSS';
type Command =
  | { op: 'add plan'; program: Program; child: number; org: number; start: string | null; closed: string | null }
  | { op: 'change plan'; pick: number; start: string | null; closed: string | null; reopen: boolean; org: number | null; child: number | null }
  | { op: 'delete plan'; pick: number }
  | { op: 'add activities'; pick: number; dates: string[] }
  | { op: 'change activity'; pick: number; date: string | null; plan: number | null }
  | { op: 'delete activity'; pick: number }
  | { op: 'shift activities'; pick: number; days: number };

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const date = fc.constantFrom(...DATES);
const pick = fc.nat();
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add plan' as const), program: fc.constantFrom<Program>('CSP', 'SHSS'), child: fc.integer({ min: 0, max: 2 }), org: fc.integer({ min: 0, max: 1 }), start: orNull(date), closed: orNull(date) }), weight: 3 },
  fc.record({ op: fc.constant('change plan' as const), pick, start: orNull(date), closed: orNull(date), reopen: fc.boolean(), org: orNull(fc.integer({ min: 0, max: 1 })), child: orNull(fc.integer({ min: 0, max: 2 })) }),
  fc.record({ op: fc.constant('delete plan' as const), pick }),
  { arbitrary: fc.record({ op: fc.constant('add activities' as const), pick, dates: fc.array(date, { minLength: 1, maxLength: 3 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('change activity' as const), pick, date: orNull(date), plan: orNull(pick) }), weight: 2 },
  fc.record({ op: fc.constant('delete activity' as const), pick }),
  fc.record({ op: fc.constant('shift activities' as const), pick, days: fc.constantFrom(-1, 1, 31) }),
);

/**
 * A plan's row: CSP plans start on `initiated_on` (required), SHSS plans on `approved_on` (none:
 * pending approval). A CSP close before the start is put after it (so that more plans are
 * written); the refusals left are a second open plan of a child, programme and organisation.
 */
function planRow(program: Program, child: number, org: number, given: string | null, givenClosed: string | null) {
  const [start, closed] = program === 'CSP' && given && givenClosed && givenClosed < given ? [givenClosed, given] : [given, givenClosed];
  const status = closed ? 'closed' : program === 'CSP' || start ? 'in_service' : 'pending_approval';
  return {
    child_id: children[child],
    organization_id: orgs[org].id,
    program,
    status,
    referral_id: program === 'CSP' ? referrals[org] : null,
    placement_id: program === 'SHSS' ? placements[child][org] : null,
    initiated_on: program === 'CSP' ? (start ?? DATES[0]) : null,
    approved_on: program === 'SHSS' ? start : null,
    closed_on: closed,
    closed_reason: closed ? 'other' : null,
  };
}

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add plan':
      await trx('service_plans').insert(planRow(c.program, c.child, c.org, c.start, c.closed));
      return;
    case 'change plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id === null) return;
      const plan = await trx('service_plans').where({ id }).first('program', 'child_id', 'organization_id', day('initiated_on'), day('approved_on'), day('closed_on'));
      const child = c.child ?? children.indexOf(Number(plan.child_id));
      const org = c.org ?? orgs.findIndex((o) => o.id === Number(plan.organization_id));
      const start = c.start ?? (plan.program === 'CSP' ? plan.initiated_on : plan.approved_on);
      const closed = c.reopen ? null : (c.closed ?? plan.closed_on);
      await trx('service_plans').where({ id }).update(planRow(plan.program, child, org, start, closed));
      return;
    }
    case 'delete plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id === null) return;
      await trx('service_activities').where({ service_plan_id: id }).delete();
      await trx('service_plans').where({ id }).delete();
      return;
    }
    case 'add activities': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_activities').insert(c.dates.map((d) => ({ service_plan_id: id, activity_date: d, kind: 'direct', mode: 'in_person', hours: 1 })));
      return;
    }
    case 'change activity': {
      const id = await picked(trx, 'service_activities', c.pick);
      const plan = c.plan === null ? null : await picked(trx, 'service_plans', c.plan);
      const patch = { ...(c.date && { activity_date: c.date }), ...(plan !== null && { service_plan_id: plan }) };
      if (id !== null && Object.keys(patch).length > 0) await trx('service_activities').where({ id }).update(patch);
      return;
    }
    case 'delete activity': {
      const id = await picked(trx, 'service_activities', c.pick);
      if (id !== null) await trx('service_activities').where({ id }).delete();
      return;
    }
    case 'shift activities': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_activities').where({ service_plan_id: id }).update({ activity_date: trx.raw('activity_date + ?::int', [c.days]) });
    }
  }
}

/** Each write in its own transaction; a write a constraint refuses (a second plan in service, a close before the start) leaves nothing behind. */
const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack);

// ------------------------------------------------------------------ the counts from the base rows

interface PlanRow {
  id: number;
  child_id: number;
  organization_id: number;
  program: Program;
  initiated_on: string | null;
  approved_on: string | null;
  closed_on: string | null;
  activities: string[];
}

function counts(plan: PlanRow, e: string): boolean {
  if (plan.program === 'SHSS') return plan.approved_on !== null && plan.approved_on <= e && (plan.closed_on === null || plan.closed_on > e);
  if (plan.initiated_on === null || plan.initiated_on > e || (plan.closed_on !== null && plan.closed_on < e)) return false;
  const windowStart = sixMonthsBefore(e);
  return [plan.initiated_on, ...plan.activities].some((d) => d > windowStart && d <= e);
}

function childrenCounted(plans: PlanRow[], e: string) {
  const of = (keep: (p: PlanRow) => boolean) => new Set(plans.filter((p) => keep(p) && counts(p, e)).map((p) => p.child_id)).size;
  return { CSP: of((p) => p.program === 'CSP'), SHSS: of((p) => p.program === 'SHSS'), total: of(() => true) };
}

function expectedActivePlans(plans: PlanRow[], from: string, to: string, group: Group, today: string, organizationId: number | null) {
  const mine = plans.filter((p) => organizationId === null || p.organization_id === organizationId);
  const series = buckets(from, to, group).map((b) => {
    if (b.start > today) return { period: b.period, label: b.label, month_end: b.end, CSP: null, SHSS: null, total: null };
    const e = b.end < today ? b.end : today;
    return { period: b.period, label: b.label, month_end: e, ...childrenCounted(mine, e) };
  });
  const asOf = to < today ? to : today;
  const byOrganization = orgs
    .filter((o) => organizationId === null || o.id === organizationId)
    .map((o) => ({ organization_id: o.id, organization_name: o.name, ...childrenCounted(mine.filter((p) => p.organization_id === o.id), asOf) }))
    .filter((row) => row.total > 0)
    .sort((a, b) => a.organization_name.localeCompare(b.organization_name));
  return { series, by_organization: byOrganization };
}

async function basePlans(): Promise<PlanRow[]> {
  const plans = await db.knex('service_plans as p').select('p.id', 'p.child_id', 'p.organization_id', 'p.program', day('p.initiated_on'), day('p.approved_on'), day('p.closed_on'));
  const activities = await db.knex('service_activities').select('service_plan_id', db.knex.raw(`to_char(activity_date, 'YYYY-MM-DD') as activity_date`));
  return plans.map((p) => ({
    ...p,
    id: Number(p.id),
    child_id: Number(p.child_id),
    organization_id: Number(p.organization_id),
    activities: activities.filter((a) => Number(a.service_plan_id) === Number(p.id)).map((a) => a.activity_date),
  }));
}

const differences = () => rollupDifferences(db.knex);

const inputOf = (from: string, to: string, group: Group, today: string, organizationId: number | null, records: VisibleRecords | null = null) => ({
  from,
  to,
  group,
  today,
  organization_id: organizationId,
  buckets: buckets(from, to, group),
  records,
});

async function expectReportEqualsBaseRows(): Promise<void> {
  const plans = await basePlans();
  for (const { from, to, group, today } of PERIODS) {
    for (const organizationId of [null, ...orgs.map((o) => o.id)]) {
      const report = await activePlans(db.knex, inputOf(from, to, group, today, organizationId));
      expect(report).toEqual(expectedActivePlans(plans, from, to, group, today, organizationId));
    }
  }
}

async function clear(): Promise<void> {
  await db.knex('service_activities').delete();
  await db.knex('service_plans').delete();
  await db.knex.raw('select rollup_rebuild()');
}

describe('active-plans rollups', () => {
  it('equal the base tables after random writes, and the report read from them equals the base rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(command, fc.boolean()), { minLength: 4, maxLength: 30, size: 'max' }), async (writes) => {
        await clear();
        // after every write, not only the last: a later write to the same plan would hide a stale span
        for (const [c, rollBack] of writes) {
          await run(c, rollBack && writes.length % 3 === 0);
          expect(await differences()).toEqual([]);
        }
        await expectReportEqualsBaseRows();
      }),
      { numRuns: 30 },
    );
  }, 300_000);

  it('keep a plan active to the last day whose six-month window still holds its activity', async () => {
    // docs/domain.md's E − 6 months, for every day of four years, against the formula the spans use
    const { rows } = await db.knex.raw(`
      select count(*)::int as days, count(*) filter (where last is distinct from expected)::int as wrong
      from (select active_plan_last_day(d::date) as last,
                   (select max(e::date) from generate_series(d, d + interval '8 months', interval '1 day') e
                     where (e::date - interval '6 months')::date < d::date) as expected
            from generate_series('2023-01-01'::date, '2026-12-31'::date, interval '1 day') d) x`);
    expect(rows).toEqual([{ days: 1461, wrong: 0 }]);
  });

  it('move the months of an activity moved to another plan, and of a plan moved to another child', async () => {
    await clear();
    await run({ op: 'add plan', program: 'CSP', child: 0, org: 0, start: '2024-08-31', closed: null }, false);
    await run({ op: 'add plan', program: 'CSP', child: 1, org: 1, start: '2024-08-31', closed: null }, false);
    await run({ op: 'add activities', pick: 0, dates: ['2025-04-30'] }, false);
    const june = async () => {
      const report = await activePlans(db.knex, inputOf('2025-06-01', '2025-06-30', 'month', '2027-01-01', null));
      return { total: report.series[0].total, organizations: report.by_organization.map((o) => [o.organization_name, o.CSP]) };
    };
    expect(await june()).toEqual({ total: 1, organizations: [['Beta Care', 1]] });
    await run({ op: 'change activity', pick: 0, date: null, plan: 1 }, false);
    expect(await differences()).toEqual([]);
    expect(await june()).toEqual({ total: 1, organizations: [['Alpha Homes', 1]] });
    await run({ op: 'add activities', pick: 0, dates: ['2025-05-01'] }, false);
    expect(await june()).toEqual({ total: 2, organizations: [['Alpha Homes', 1], ['Beta Care', 1]] });
    // the second plan becomes the first child's: one child, counted at both organisations
    await run({ op: 'change plan', pick: 1, start: null, closed: null, reopen: false, org: null, child: 0 }, false);
    expect(await differences()).toEqual([]);
    expect(await june()).toEqual({ total: 1, organizations: [['Alpha Homes', 1], ['Beta Care', 1]] });
  });

  it('count a child once while concurrent transactions make two of its plans active', async () => {
    await clear();
    // four closed CSP plans of one child, initiated long before: none active in 2025 until an activity is written
    for (const org of [0, 1]) {
      for (let i = 0; i < 2; i += 1) await run({ op: 'add plan', program: 'CSP', child: 0, org, start: '2024-08-31', closed: '2026-03-31' }, false);
    }
    await Promise.all([0, 1, 2, 3].map((p) => run({ op: 'add activities', pick: p, dates: ['2025-05-01'] }, false)));
    expect(await differences()).toEqual([]);
    const report = await activePlans(db.knex, inputOf('2025-06-01', '2025-06-30', 'month', '2027-01-01', null));
    expect(report.series[0]).toMatchObject({ CSP: 1, SHSS: 0, total: 1 });
    expect(report.by_organization.map((o) => o.CSP)).toEqual([1, 1]);
  });

  it('are rebuilt by rollup_rebuild and follow a truncate', async () => {
    await clear();
    await run({ op: 'add plan', program: 'SHSS', child: 1, org: 1, start: '2025-04-30', closed: null }, false);
    await db.knex('rollup_active_plans').update({ total: 3 });
    await db.knex('rollup_active_plan_spans').delete();
    // the plan's span is missing, and both day rows (the organisation's, every organisation's) differ both ways
    expect(await differences()).toHaveLength(5);
    await db.knex.raw('select rollup_rebuild()');
    expect(await differences()).toEqual([]);
    expect(await db.knex('rollup_active_plans').orderByRaw('organization_id nulls first').select('organization_id', 'csp', 'shss', 'total')).toEqual([
      { organization_id: null, csp: 0, shss: 1, total: 1 },
      { organization_id: orgs[1].id, csp: 0, shss: 1, total: 1 },
    ]);
    await db.knex.raw('truncate service_activities, service_plans cascade');
    expect(await db.knex('rollup_active_plans').select()).toEqual([]);
    expect(await differences()).toEqual([]);
  });

  it('answer whole organisations on any day; narrower scopes read the base tables', async () => {
    await clear();
    await run({ op: 'add plan', program: 'SHSS', child: 2, org: 0, start: '2025-04-15', closed: null }, false);
    const someRecords: VisibleRecords = { anyOf: (_kind, column) => `${column} is not null`, in: (_kind, column) => `${column} is not null`, bindings: {} };
    // A marked rollup tells which source the report read: four more children from the start.
    const marked = db.knex.transaction(async (trx) => {
      await trx('rollup_active_plans').insert([null, orgs[0].id].map((organization_id) => ({ organization_id, day: '2000-01-01', csp: 0, shss: 4, total: 4 })));
      const shss = async (to: string, today: string, organizationId: number | null, records: VisibleRecords | null) =>
        (await activePlans(trx, inputOf('2025-04-01', to, 'month', today, organizationId, records))).series.map((p) => p.SHSS);
      expect(await shss('2025-05-31', '2027-01-01', null, null)).toEqual([5, 5]);
      expect(await shss('2025-05-20', '2025-05-10', orgs[0].id, null)).toEqual([5, 5]);
      expect(await shss('2025-05-31', '2027-01-01', null, someRecords)).toEqual([1, 1]);
      expect(await shss('2025-05-31', '2025-04-14', orgs[0].id, someRecords)).toEqual([0, null]);
      throw new RolledBack();
    });
    await marked.catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  });
});
