import { useTestContext, type TestContext } from '../helpers/context';

/**
 * The inputs outside the resource writes go through the same validator: list filters on dates,
 * a job's as_of and a plain write the rules cannot start on. An impossible date (2025-02-30) is
 * refused everywhere with the same field message.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let admin: ReturnType<TestContext['api']>;

beforeAll(async () => {
  admin = ctx.api((await ctx.createUser({ role: 'system_admin' })).token);
});

const listOf = (resource: string, filter: Record<string, unknown>) =>
  admin.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`);

describe('dates in list filters', () => {
  it.each([
    ['birth_date_gte', '2025-02-30'],
    ['birth_date', '2025-04-31'],
    ['birth_date_lt', '2023-02-29'],
  ])('refuses %s = %s, a day that does not exist, with 400', async (key, value) => {
    const res = await listOf('children', { [key]: value });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: { [key]: 'must be a date YYYY-MM-DD' } });
  });

  it('takes 29 February in a leap year', async () => {
    const res = await listOf('children', { birth_date_gte: '2024-02-29' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});

describe("a job's as_of", () => {
  it('refuses 2025-02-30 with 400 before the job runs', async () => {
    const res = await admin.post('/api/jobs/schedule-base-payments/run', { as_of: '2025-02-30' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: { as_of: 'must be a date YYYY-MM-DD' } });
    expect(await ctx.knex('job_runs').where({ job: 'schedule-base-payments' })).toHaveLength(0);
  });

  it('refuses a number and an unknown field', async () => {
    const res = await admin.post('/api/jobs/schedule-base-payments/run', { as_of: 20250201, asOf: '2025-02-01' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ as_of: 'must be string', asOf: 'unknown field' });
  });
});

describe('a plain write the rules cannot start on', () => {
  it('answers an empty service plan with 400 and the missing fields, not a 500', async () => {
    const res = await admin.post('/api/service_plans', {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: { child_id: 'is required', program: 'is required', organization_id: 'is required' },
    });
    expect(await ctx.knex('service_plans')).toHaveLength(0);
  });
});
