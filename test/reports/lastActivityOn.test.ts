import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { useTestDatabase } from '../helpers/testDb';
import { factories, type Factories } from '../helpers/factories';

/**
 * `service_plans.last_activity_on` is the latest `activity_date` of the plan's service
 * activities (the CSP measures read it before searching the activities). A trigger keeps it
 * whatever writes the activities; each case below writes the tables directly.
 */
const db = useTestDatabase();
let f: Factories;
let org: number;

beforeAll(async () => {
  f = factories(db.knex);
  org = await f.organization();
});

async function newPlan(): Promise<number> {
  const made = await f.cspCase({ organization_id: org, referral_date: '2025-01-01', initiated_on: '2025-02-01' });
  return made.planId;
}

async function lastActivityOn(planId: number): Promise<string | null> {
  return (await db.knex('service_plans').where({ id: planId }).first('last_activity_on')).last_activity_on;
}

it('follows the latest activity as activities are added, redated, moved and deleted', async () => {
  const plan = await newPlan();
  const other = await newPlan();
  expect(await lastActivityOn(plan)).toBeNull();
  const march = await f.activity({ service_plan_id: plan, activity_date: '2025-03-10' });
  const may = await f.activity({ service_plan_id: plan, activity_date: '2025-05-02' });
  expect(await lastActivityOn(plan)).toBe('2025-05-02');
  await f.activity({ service_plan_id: plan, activity_date: '2025-04-01' });
  expect(await lastActivityOn(plan)).toBe('2025-05-02');

  await db.knex('service_activities').where({ id: march }).update({ activity_date: '2025-06-30' });
  expect(await lastActivityOn(plan)).toBe('2025-06-30');
  await db.knex('service_activities').where({ id: march }).update({ service_plan_id: other });
  expect([await lastActivityOn(plan), await lastActivityOn(other)]).toEqual(['2025-05-02', '2025-06-30']);
  await db.knex('service_activities').where({ id: may }).del();
  expect(await lastActivityOn(plan)).toBe('2025-04-01');
  await db.knex('service_activities').where({ service_plan_id: plan }).del();
  expect(await lastActivityOn(plan)).toBeNull();
});

it('cannot be set by hand, on a new plan or an existing one', async () => {
  const plan = await newPlan();
  await f.activity({ service_plan_id: plan, activity_date: '2025-03-10' });
  await db.knex('service_plans').where({ id: plan }).update({ last_activity_on: '2030-01-01' });
  expect(await lastActivityOn(plan)).toBe('2025-03-10');
  const row = await db.knex('service_plans').where({ id: plan }).first();
  const [copy] = await db
    .knex('service_plans')
    .insert({ ...row, id: undefined, status: 'closed', closed_on: '2025-04-01', closed_reason: 'superseded', created_at: undefined, updated_at: undefined })
    .returning('last_activity_on');
  expect(copy.last_activity_on).toBeNull();
});

it('keeps the latest date when an activity is added while another with that date is being removed', async () => {
  // The added activity has the plan's current latest date, so the addition changes nothing and
  // writes nothing; only the plan-row lock it takes before reading makes the removal wait and
  // see it, instead of deciding from a snapshot that misses it.
  const plan = await newPlan();
  await f.activity({ service_plan_id: plan, activity_date: '2025-03-01' });
  const latest = await f.activity({ service_plan_id: plan, activity_date: '2025-05-01' });
  await expectSecondWaitsForFirst(
    db.knex,
    (adding) => adding('service_activities').insert({ service_plan_id: plan, activity_date: '2025-05-01', kind: 'direct', mode: 'phone', hours: 1 }),
    (removing) => removing('service_activities').where({ id: latest }).del(),
  );
  expect(await lastActivityOn(plan)).toBe('2025-05-01');
});
