import fc from 'fast-check';
import type { Knex } from 'knex';
import { buckets } from '../../server/reports/period';
import { waitingPage, waitTimes } from '../../server/reports/waitTimes';
import { WAITING_FIRST_PAGE_ROWS, type WaitingChild } from '../../contract/reports';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { expectRandomWritesKeepRollups, picked, rollupDifferences, runWrite } from './rollupWrites';

/**
 * `rollup_csp_waits` (migration 20261203110000), which the wait-times report's `waiting` list
 * reads, against the base tables: after random sequences of writes to referrals, referral
 * children and CSP plans — children referred (again on another referral while they wait on one), decided, closed, reprioritised, moved to another
 * referral and removed; referrals moved to another date, organisation or programme; plans
 * initiated, moved and deleted; statements of many rows, writes rolled back and refused — it
 * equals a rebuild from scratch, and the list equals the children worked out here from the
 * base rows on several days, for every organisation and for one.
 */
const db = useTestDatabase();

const DATES = ['2025-03-31', '2025-04-01', '2025-04-15', '2025-05-01', '2025-06-30', '2025-07-01'];
const AS_OF = ['2025-03-31', '2025-04-15', '2025-05-31', '2025-06-30', '2025-07-31'];
const TODAY = '2026-12-01';

let orgs: number[];
let children: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization({ name: 'Alpha Agency' }), await f.organization({ name: 'Beta Agency' })];
  children = [await f.child({ first_name: 'Ada', last_name: 'One' }), await f.child({ first_name: 'Bo', last_name: 'Two' }), await f.child({ first_name: 'Cy', last_name: 'Three' })];
});

type Command =
  | { op: 'add referral'; org: number; date: string; shss: boolean }
  | { op: 'change referral'; pick: number; date: string | null; org: number | null; shss: boolean | null }
  | { op: 'refer child'; child: number; referral: number; eligible: boolean; decided: string | null; closed: string | null }
  | { op: 'refer again'; pick: number; referral: number; decided: string; priority: 'urgent' | 'high' | 'routine' }
  | { op: 'change child'; pick: number; eligible: boolean | null; decided: string | null; closed: string | null; priority: 'urgent' | 'high' | null }
  | { op: 'reprioritise'; pick: number; priority: 'urgent' | 'high' | 'routine' }
  | { op: 'move child'; pick: number; referral: number }
  | { op: 'remove child'; pick: number }
  | { op: 'decide all'; org: number; date: string }
  | { op: 'initiate'; pick: number; date: string }
  | { op: 'move initiation'; pick: number; date: string }
  | { op: 'delete plan'; pick: number };

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const org = fc.integer({ min: 0, max: 1 });
const pick = fc.nat();
const date = fc.constantFrom(...DATES);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add referral' as const), org, date, shss: fc.boolean() }),
  fc.record({ op: fc.constant('change referral' as const), pick, date: orNull(date), org: orNull(org), shss: orNull(fc.boolean()) }),
  {
    arbitrary: fc.record({ op: fc.constant('refer child' as const), child: fc.integer({ min: 0, max: 2 }), referral: pick, eligible: fc.boolean(), decided: orNull(date), closed: fc.option(date, { nil: null, freq: 4 }) }),
    weight: 5,
  },
  // the child of a referral child referred on another referral too, eligible: a child waiting on two at once
  { arbitrary: fc.record({ op: fc.constant('refer again' as const), pick, referral: pick, decided: date, priority: fc.constantFrom('urgent' as const, 'high' as const, 'routine' as const) }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('change child' as const), pick, eligible: orNull(fc.boolean()), decided: orNull(date), closed: orNull(date), priority: orNull(fc.constantFrom('urgent' as const, 'high' as const)) }),
    weight: 2,
  },
  fc.record({ op: fc.constant('reprioritise' as const), pick, priority: fc.constantFrom('urgent' as const, 'high' as const, 'routine' as const) }),
  fc.record({ op: fc.constant('move child' as const), pick, referral: pick }),
  fc.record({ op: fc.constant('remove child' as const), pick }),
  fc.record({ op: fc.constant('decide all' as const), org, date }),
  { arbitrary: fc.record({ op: fc.constant('initiate' as const), pick, date }), weight: 2 },
  fc.record({ op: fc.constant('move initiation' as const), pick, date }),
  fc.record({ op: fc.constant('delete plan' as const), pick }),
);

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add referral':
      await trx('referrals').insert({ organization_id: orgs[c.org], referral_date: c.date, source_type: 'other', program: c.shss ? 'SHSS' : 'CSP', is_warm: false });
      return;
    case 'change referral': {
      const id = await picked(trx, 'referrals', c.pick);
      const patch = {
        ...(c.date && { referral_date: c.date }),
        ...(c.org !== null && { organization_id: orgs[c.org] }),
        ...(c.shss !== null && { program: c.shss ? 'SHSS' : 'CSP' }),
      };
      if (id !== null && Object.keys(patch).length > 0) await trx('referrals').where({ id }).update(patch);
      return;
    }
    case 'refer child': {
      const referral = await picked(trx, 'referrals', c.referral);
      if (referral === null) return;
      await trx('referral_children').insert({
        referral_id: referral,
        child_id: children[c.child],
        eligibility: c.eligible ? 'eligible' : 'pending',
        eligibility_decided_on: c.eligible ? c.decided : null,
        closed_on: c.closed,
        closed_reason: c.closed ? 'other' : null,
      });
      return;
    }
    case 'refer again': {
      const id = await picked(trx, 'referral_children', c.pick);
      const referral = await picked(trx, 'referrals', c.referral);
      if (id === null || referral === null) return;
      const { child_id } = await trx('referral_children').where({ id }).first('child_id');
      await trx('referral_children').insert({ referral_id: referral, child_id, eligibility: 'eligible', eligibility_decided_on: c.decided, priority: c.priority });
      return;
    }
    case 'change child': {
      const id = await picked(trx, 'referral_children', c.pick);
      const patch = {
        ...(c.eligible !== null && { eligibility: c.eligible ? 'eligible' : 'ineligible' }),
        ...(c.decided && { eligibility_decided_on: c.decided }),
        ...(c.closed && { closed_on: c.closed, closed_reason: 'other' }),
        ...(c.priority && { priority: c.priority, priority_reason: `${c.priority} need` }),
      };
      if (id !== null && Object.keys(patch).length > 0) await trx('referral_children').where({ id }).update(patch);
      return;
    }
    case 'reprioritise': {
      const id = await picked(trx, 'referral_children', c.pick);
      if (id !== null) await trx('referral_children').where({ id }).update({ priority: c.priority });
      return;
    }
    case 'move child': {
      const id = await picked(trx, 'referral_children', c.pick);
      const referral = await picked(trx, 'referrals', c.referral);
      if (id !== null && referral !== null) await trx('referral_children').where({ id }).update({ referral_id: referral });
      return;
    }
    case 'remove child': {
      const id = await picked(trx, 'referral_children', c.pick);
      if (id !== null) await trx('referral_children').where({ id }).delete();
      return;
    }
    case 'decide all':
      await trx('referral_children')
        .whereIn('referral_id', trx('referrals').select('id').where({ organization_id: orgs[c.org] }))
        .update({ eligibility: 'eligible', eligibility_decided_on: c.date });
      return;
    case 'initiate': {
      // a CSP plan of a referral child's child and referral, closed after every date used
      const id = await picked(trx, 'referral_children', c.pick);
      if (id === null) return;
      const rc = await trx('referral_children as rc').join('referrals as r', 'r.id', 'rc.referral_id').where('rc.id', id).first('rc.child_id', 'rc.referral_id', 'r.organization_id', 'r.program');
      if (rc.program !== 'CSP') return;
      await trx('service_plans').insert({
        child_id: rc.child_id,
        program: 'CSP',
        organization_id: rc.organization_id,
        referral_id: rc.referral_id,
        status: 'closed',
        initiated_on: c.date,
        closed_on: '2026-06-30',
        closed_reason: 'other',
      });
      return;
    }
    case 'move initiation': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).update({ initiated_on: c.date });
      return;
    }
    case 'delete plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).delete();
    }
  }
}

/**
 * Refused: a child twice on one referral or a second open plan (23505), a check failed (23514),
 * a referral moved to the other programme while a plan names it (23514 or 23001), a referral
 * child a plan depends on.
 */
const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack, ['23505', '23514', '23001', '23503', 'P0001']);

// ------------------------------------------------------------------ the list from the base rows

interface ReferralChildRow {
  child_id: number;
  referral_id: number;
  organization_id: number;
  referral_date: string;
  program: string;
  eligibility: string;
  eligibility_decided_on: string | null;
  closed_on: string | null;
  priority: string;
  priority_reason: string | null;
  initiations: string[];
}

const asDate = (column: string) => db.knex.raw(`to_char(${column}, 'YYYY-MM-DD') as ${column.split('.')[1]}`);

async function baseRows(): Promise<ReferralChildRow[]> {
  const rows = await db
    .knex('referral_children as rc')
    .join('referrals as r', 'r.id', 'rc.referral_id')
    .select('rc.child_id', 'rc.referral_id', 'r.organization_id', 'r.program', 'rc.eligibility', 'rc.priority', 'rc.priority_reason', asDate('r.referral_date'), asDate('rc.eligibility_decided_on'), asDate('rc.closed_on'));
  const plans = await db.knex('service_plans as p').where('p.program', 'CSP').whereNotNull('p.initiated_on').select('p.child_id', 'p.referral_id', asDate('p.initiated_on'));
  return rows.map((r) => ({
    ...r,
    child_id: Number(r.child_id),
    referral_id: Number(r.referral_id),
    organization_id: Number(r.organization_id),
    initiations: plans.filter((p) => Number(p.child_id) === Number(r.child_id) && Number(p.referral_id) === Number(r.referral_id)).map((p) => p.initiated_on),
  }));
}

const PRIORITY_ORDER = ['urgent', 'high', 'routine'];
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** DOMAIN.md's children waiting on `asOf`, each once with its longest wait, in the report's order. */
function expectedWaiting(rows: ReferralChildRow[], asOf: string, organizationId: number | null) {
  const longest = new Map<number, ReferralChildRow>();
  for (const r of rows) {
    const waiting =
      r.program === 'CSP' &&
      r.eligibility === 'eligible' &&
      r.eligibility_decided_on !== null &&
      r.eligibility_decided_on <= asOf &&
      r.referral_date <= asOf &&
      (r.closed_on === null || r.closed_on > asOf) &&
      !r.initiations.some((d) => d <= asOf) &&
      (organizationId === null || r.organization_id === organizationId);
    if (!waiting) continue;
    const seen = longest.get(r.child_id);
    if (!seen || r.referral_date < seen.referral_date || (r.referral_date === seen.referral_date && r.referral_id < seen.referral_id)) longest.set(r.child_id, r);
  }
  return [...longest.values()]
    .map((r) => ({ child_id: r.child_id, referral_id: r.referral_id, days_waited: days(r.referral_date, asOf), priority: r.priority, priority_reason: r.priority_reason }))
    .sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || b.days_waited - a.days_waited || a.child_id - b.child_id);
}

/** The whole list, as its pages read it (no fixture here waits more children than one page of 1,000), and the report's count of it. */
async function waitingOn(asOf: string, organizationId: number | null) {
  const from = '2025-01-01';
  const page = await waitingPage(db.knex, { organization_id: organizationId, as_of: asOf }, [0, 999]);
  const report = await waitTimes(db.knex, { from, to: asOf, group: 'month', organization_id: organizationId, buckets: buckets(from, asOf, 'month'), today: TODAY });
  expect(report.waiting_total).toBe(page.total);
  expect(page.rows).toHaveLength(page.total);
  expect(report.waiting).toEqual(page.rows.slice(0, WAITING_FIRST_PAGE_ROWS));
  // pages of one, each stopping at its last row, make up the same list
  const pages: WaitingChild[] = [];
  for (let first = 0; first <= page.total; first += 1) {
    const next = await waitingPage(db.knex, { organization_id: organizationId, as_of: asOf }, [first, first]);
    expect(next.total).toBe(page.total);
    pages.push(...next.rows);
  }
  expect(pages).toEqual(page.rows);
  return page.rows;
}

async function expectWaitingEqualsBaseRows(): Promise<void> {
  const rows = await baseRows();
  for (const asOf of AS_OF) {
    for (const organizationId of [null, ...orgs]) {
      const waiting = (await waitingOn(asOf, organizationId)).map(({ child_id, referral_id, days_waited, priority, priority_reason }) => ({ child_id, referral_id, days_waited, priority, priority_reason }));
      expect(waiting).toEqual(expectedWaiting(rows, asOf, organizationId));
    }
  }
}

/** No plan, no referral child, one CSP referral of each organisation, and rollups to match. */
async function clear(): Promise<void> {
  await db.knex('service_plans').delete();
  await db.knex('referral_children').delete();
  await db.knex('referrals').delete();
  await db.knex('referrals').insert(orgs.map((id, i) => ({ organization_id: id, referral_date: DATES[i], source_type: 'other', program: 'CSP', is_warm: false })));
  await db.knex.raw('select rollup_rebuild()');
}

const differences = () => rollupDifferences(db.knex);

describe('the children-waiting rollup', () => {
  it('equals the base tables after random writes, and the waiting list read from it equals the base rows', async () => {
    await expectRandomWritesKeepRollups(db.knex, { command, minLength: 4, maxLength: 30, numRuns: 30, clear, run, check: expectWaitingEqualsBaseRows });
  }, 240_000);

  it('keeps one row per eligible child of a CSP referral, waiting until its first initiation or its closing', async () => {
    await clear();
    const f = factories(db.knex);
    const csp = await f.referral({ organization_id: orgs[0], referral_date: '2025-04-01' });
    const shss = await f.referral({ organization_id: orgs[0], referral_date: '2025-04-01', program: 'SHSS' });
    await f.referralChild({ referral_id: csp, child_id: children[0], eligibility: 'eligible', eligibility_decided_on: '2025-04-10' });
    await f.referralChild({ referral_id: csp, child_id: children[1], eligibility: 'eligible', eligibility_decided_on: '2025-04-10', closed_on: '2025-06-30' });
    await f.referralChild({ referral_id: csp, child_id: children[2], eligibility: 'pending' });
    await f.referralChild({ referral_id: shss, child_id: children[2], eligibility: 'eligible', eligibility_decided_on: '2025-04-10' });
    await f.cspPlan({ child_id: children[1], organization_id: orgs[0], referral_id: csp, initiated_on: '2025-05-20', closed_on: '2026-06-30', closed_reason: 'other' });
    const stored = async () =>
      db.knex('rollup_csp_waits').orderBy('child_id').select('child_id', db.knex.raw('waits_until::text as waits_until'));
    // the pending child and the SHSS referral's have no row; the second child waits until its initiation, before its closing
    expect(await stored()).toEqual([
      { child_id: children[0], waits_until: 'infinity' },
      { child_id: children[1], waits_until: '2025-05-20' },
    ]);
    expect((await waitingOn('2025-05-19', null)).map((w) => [w.child_id, w.child_name, w.days_waited])).toEqual([
      [children[0], 'Ada One', 48],
      [children[1], 'Bo Two', 48],
    ]);
    expect((await waitingOn('2025-05-20', null)).map((w) => w.child_id)).toEqual([children[0]]);
    // reprioritised: the urgent child comes first, with its reason
    await db.knex('referral_children').where({ child_id: children[1], referral_id: csp }).update({ priority: 'urgent', priority_reason: 'Placement at risk' });
    expect((await waitingOn('2025-05-19', null)).map((w) => [w.child_id, w.priority, w.priority_reason])).toEqual([
      [children[1], 'urgent', 'Placement at risk'],
      [children[0], 'routine', null],
    ]);
    // the referral moves to SHSS (its plan gone first): no CSP wait is left
    await db.knex('service_plans').delete();
    await db.knex('referrals').where({ id: csp }).update({ program: 'SHSS' });
    expect(await stored()).toEqual([]);
    expect(await differences()).toEqual([]);
  });

  it('makes a referral child written beside its referral’s change wait for it, and keeps both', async () => {
    await clear();
    const f = factories(db.knex);
    const referral = await f.referral({ organization_id: orgs[0], referral_date: '2025-04-01' });
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('referrals').where({ id: referral }).update({ organization_id: orgs[1], referral_date: '2025-04-15' }),
      (trx) => trx('referral_children').insert({ referral_id: referral, child_id: children[0], eligibility: 'eligible', eligibility_decided_on: '2025-05-01' }),
    );
    expect(await db.knex('rollup_csp_waits').select('organization_id', db.knex.raw(`to_char(referral_date, 'YYYY-MM-DD') as referral_date`))).toEqual([
      { organization_id: orgs[1], referral_date: '2025-04-15' },
    ]);
    expect(await differences()).toEqual([]);
  });
});
