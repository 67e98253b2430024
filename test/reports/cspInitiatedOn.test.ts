import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { useTestDatabase } from '../helpers/testDb';
import { factories, type Factories } from '../helpers/factories';

/**
 * `referral_children.csp_initiated_on` is the earliest initiation of a CSP plan for that child
 * and referral (the waiting measures read it instead of searching the plans). Triggers keep it
 * whatever writes plans or referral children; each case below writes the tables directly.
 */
const db = useTestDatabase();
let f: Factories;
let org: number;

beforeAll(async () => {
  f = factories(db.knex);
  org = await f.organization();
});

async function pair() {
  const child = await f.child();
  const referral = await f.referral({ organization_id: org, referral_date: '2025-01-10' });
  const referralChild = await f.referralChild({ referral_id: referral, child_id: child, eligibility: 'eligible', eligibility_decided_on: '2025-01-20' });
  return { child, referral, referralChild };
}

async function initiatedOn(referralChild: number): Promise<string | null> {
  return (await db.knex('referral_children').where({ id: referralChild }).first('csp_initiated_on')).csp_initiated_on;
}

it('is empty until a CSP plan for the child and referral is initiated, then the earliest initiation', async () => {
  const { child, referral, referralChild } = await pair();
  expect(await initiatedOn(referralChild)).toBeNull();
  const later = await f.cspPlan({ child_id: child, organization_id: org, referral_id: referral, initiated_on: '2025-03-05', closed_on: '2025-06-01' });
  expect(await initiatedOn(referralChild)).toBe('2025-03-05');
  await f.cspPlan({ child_id: child, organization_id: org, referral_id: referral, initiated_on: '2025-02-01', closed_on: '2025-02-20' });
  expect(await initiatedOn(referralChild)).toBe('2025-02-01');
  await db.knex('service_plans').where({ id: later }).update({ initiated_on: '2025-01-25' });
  expect(await initiatedOn(referralChild)).toBe('2025-01-25');
});

it('ignores plans of another child, another referral and draft plans never initiated', async () => {
  const { child, referral, referralChild } = await pair();
  const other = await pair();
  await f.cspPlan({ child_id: other.child, organization_id: org, referral_id: other.referral, initiated_on: '2025-03-01' });
  await db.knex('service_plans').insert({ child_id: child, program: 'CSP', organization_id: org, referral_id: referral, status: 'draft' });
  expect(await initiatedOn(referralChild)).toBeNull();
  expect(await initiatedOn(other.referralChild)).toBe('2025-03-01');
});

it('follows a plan moved to another referral or deleted', async () => {
  const first = await pair();
  const second = await f.referral({ organization_id: org, referral_date: '2025-01-12' });
  const secondChild = await f.referralChild({ referral_id: second, child_id: first.child, eligibility: 'eligible', eligibility_decided_on: '2025-01-20' });
  const plan = await f.cspPlan({ child_id: first.child, organization_id: org, referral_id: first.referral, initiated_on: '2025-04-01' });
  await db.knex('service_plans').where({ id: plan }).update({ referral_id: second });
  expect([await initiatedOn(first.referralChild), await initiatedOn(secondChild)]).toEqual([null, '2025-04-01']);
  await db.knex('service_plans').where({ id: plan }).del();
  expect(await initiatedOn(secondChild)).toBeNull();
});

it('is computed for a referral child added after its plan, and cannot be set by hand', async () => {
  const child = await f.child();
  const referral = await f.referral({ organization_id: org, referral_date: '2025-01-10' });
  // Straight to the table (the API refuses a plan for a child the referral does not cover).
  await f.cspPlan({ child_id: child, organization_id: org, referral_id: referral, initiated_on: '2025-05-05' });
  const referralChild = await f.referralChild({ referral_id: referral, child_id: child, eligibility: 'eligible' });
  expect(await initiatedOn(referralChild)).toBe('2025-05-05');
  await db.knex('referral_children').where({ id: referralChild }).update({ csp_initiated_on: '2020-01-01' });
  expect(await initiatedOn(referralChild)).toBe('2025-05-05');
});

it('keeps the initiation when a plan is added while the only other one is being removed', async () => {
  // The added plan has the same initiation date, so the addition changes nothing and writes
  // nothing; only the row lock it takes before reading the plans makes the removal wait and
  // see it, instead of deciding from a snapshot that misses it and emptying the column.
  const { child, referral, referralChild } = await pair();
  const existing = await f.cspPlan({ child_id: child, organization_id: org, referral_id: referral, initiated_on: '2025-04-01', closed_on: '2025-05-30' });
  await expectSecondWaitsForFirst(
    db.knex,
    (adding) => adding('service_plans').insert({ child_id: child, program: 'CSP', organization_id: org, referral_id: referral, status: 'in_service', initiated_on: '2025-04-01' }),
    (removing) => removing('service_plans').where({ id: existing }).del(),
  );
  expect(await initiatedOn(referralChild)).toBe('2025-04-01');
});
