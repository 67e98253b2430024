import type { QuestionField, QuestionFields } from '../../contract/questions';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * GET /api/questions/fields lists what a question over a resource can name, by the spec's own
 * rules: every field it says groups or measures is one POST /api/questions/run accepts, and
 * what it leaves out is refused there.
 */
const ctx = useTestContext({ now: '2026-06-15T12:00:00Z' });
let manager: string;

beforeAll(async () => {
  const f = factories(ctx.knex);
  const agency = await f.organization();
  const { planId } = await f.cspCase({ organization_id: agency, referral_date: '2025-01-10', initiated_on: '2025-02-01' });
  await f.activity({ service_plan_id: planId, activity_date: '2025-04-01' });
  manager = (await ctx.createUser({ role: 'ministry_manager' })).token;
});

const fieldsOf = async (resource: string, token = manager) => ctx.api(token).get(`/api/questions/fields?resource=${encodeURIComponent(resource)}`);
const byPath = (answer: QuestionFields) => new Map(answer.fields.map((f) => [f.field, f]));

describe('the fields of service activities', () => {
  let fields: Map<string, QuestionField>;
  beforeAll(async () => {
    const res = await fieldsOf('service_activities');
    expect(res.status).toBe(200);
    expect(res.body.resource).toBe('service_activities');
    fields = byPath(res.body);
  });

  it('groups by an enumeration, counting its distinct values, without a bucket', () => {
    expect(fields.get('kind')).toMatchObject({ resource: 'service_activities', name: 'kind', groups: true, bucket: false, measures: ['count_distinct'], filters: true, range: false });
    expect(fields.get('kind')!.enum).toContain('direct');
  });

  it('groups by a date with a bucket, and measures it by min, max and median', () => {
    expect(fields.get('activity_date')).toMatchObject({ type: 'date', groups: true, bucket: true, measures: ['count_distinct', 'min', 'max', 'median'], filters: true, range: true });
  });

  it('measures a number every way but does not group by it', () => {
    expect(fields.get('hours')).toMatchObject({ type: 'number', groups: false, measures: ['sum', 'avg', 'min', 'max', 'median'] });
  });

  it('groups by a reference, and one step through it', () => {
    expect(fields.get('service_plan_id')).toMatchObject({ reference: 'service_plans', groups: true, via: null });
    expect(fields.get('service_plan_id.organization_id')).toMatchObject({ resource: 'service_plans', name: 'organization_id', via: 'service_plan_id', reference: 'organizations', groups: true });
  });

  it('leaves out a long text that neither groups nor filters (note), and the version counter', () => {
    expect(fields.has('note')).toBe(false);
    expect(fields.has('version')).toBe(false);
  });
});

describe('what it lists is what a question accepts', () => {
  it.each(['service_activities', 'support_requests', 'referral_children', 'payments'])('every group and measure of %s runs', async (resource) => {
    const { body } = await fieldsOf(resource);
    const failures: string[] = [];
    for (const field of body.fields as QuestionField[]) {
      const specs = [
        ...(field.groups ? [{ resource, group_by: [{ field: field.field, ...(field.bucket ? { bucket: 'month' } : {}) }], measure: { fn: 'count' } }] : []),
        ...field.measures.map((fn) => ({ resource, measure: { fn, field: field.field } })),
      ];
      for (const spec of specs) {
        const res = await ctx.api(manager).post('/api/questions/run', spec);
        if (res.status !== 200) failures.push(`${JSON.stringify(spec)}: ${res.status} ${res.body.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a field it says does not group is refused as a group', async () => {
    const res = await ctx.api(manager).post('/api/questions/run', { resource: 'service_activities', group_by: [{ field: 'hours' }], measure: { fn: 'count' } });
    expect(res.status).toBe(400);
  });
});

describe('refusals', () => {
  it('refuses an unknown resource with 400 naming it', async () => {
    const res = await fieldsOf('no_such_table');
    expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({ status: 400, code: 'validation_failed', errors: { resource: '"no_such_table" is not a resource' } });
  });

  it('refuses a request without a resource, or with other parameters, with 400', async () => {
    expect((await ctx.api(manager).get('/api/questions/fields')).status).toBe(400);
    expect((await ctx.api(manager).get('/api/questions/fields?resource=payments&drop=1')).status).toBe(400);
  });

  it('refuses a resource the role may not read with 403', async () => {
    const worker = await ctx.createUser({ role: 'portal_worker', organization_id: await factories(ctx.knex).organization() });
    const res = await fieldsOf('audit_events', worker.token);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'forbidden' });
  });
});
