import { resources } from '../../server/resources/registry';
import { describeFields } from '../../server/resources/fields';
import { useTestContext } from '../helpers/context';
import { WORLD_RESOURCES, buildWorld, payloadLike, type Tag, type World } from '../helpers/world';

/**
 * Every enumeration, length limit and date field of every resource answers a bad value with a
 * 400 in react-admin's shape, with the message next to the field, and writes nothing.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

interface Case {
  resource: string;
  field: string;
  value: unknown;
  message: RegExp;
}

function casesFor(kind: 'enum' | 'length' | 'date'): Case[] {
  const cases: Case[] = [];
  for (const declaration of resources) {
    // Each case is a create by the system administrator: resources nobody creates (the compliance settings) have none.
    if (declaration.readOnly || !declaration.access.create.includes('system_admin') || !WORLD_RESOURCES.includes(declaration.name)) continue;
    const settable = (name: string) => !['id', 'created_at', 'updated_at', 'version', ...(declaration.serverFields ?? [])].includes(name);
    for (const field of describeFields(declaration)) {
      if (!settable(field.name) || field.write_only) continue;
      if (kind === 'enum' && field.enum) cases.push({ resource: declaration.name, field: field.name, value: 'not_a_choice', message: new RegExp(`must be one of: ${field.enum[0]}`) });
      if (kind === 'length' && field.max_length) cases.push({ resource: declaration.name, field: field.name, value: field.name.endsWith('email') ? `${'x'.repeat(field.max_length - 4)}@a.ca` : 'x'.repeat(field.max_length + 1), message: new RegExp(`at most ${field.max_length} characters`) });
      if (kind === 'date' && field.type === 'date') cases.push({ resource: declaration.name, field: field.name, value: '2025-02-30', message: /must be a date YYYY-MM-DD/ });
    }
  }
  return cases;
}

async function expectRefused({ resource, field, value, message }: Case) {
  const tag = Object.keys(world.records[resource])[0] as Tag;
  const payload = await payloadLike(ctx, world, resource, tag);
  const before = Number((await ctx.knex(resource).count('* as n').first())!.n);
  const res = await ctx.api(world.tokens.system_admin).post(`/api/${resource}`, { ...payload, [field]: value });
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
  expect(res.body.errors[field]).toMatch(message);
  expect(res.body.message).toContain(field);
  expect(Number((await ctx.knex(resource).count('* as n').first())!.n)).toBe(before);
}

describe('enumerations', () => {
  const cases = casesFor('enum');
  it('exist for the enumerations of docs/domain.md', () => {
    const names = cases.map((c) => `${c.resource}.${c.field}`);
    for (const expected of ['organizations.kind', 'referrals.source_type', 'placements.status', 'service_plans.closed_reason', 'plan_services.category', 'daily_logs.shift', 'events.type', 'service_activities.mode', 'payments.kind', 'support_requests.frequency', 'contracts.program']) {
      expect(names).toContain(expected);
    }
  });
  it.each(cases.map((c) => [`${c.resource}.${c.field}`, c] as const))('%s refuses a value outside the list', async (_name, c) => expectRefused(c));
});

describe('length limits', () => {
  const cases = casesFor('length');
  it('cover the 4000-character plan texts', () => {
    const names = cases.map((c) => `${c.resource}.${c.field}`);
    for (const text of ['goals', 'strengths', 'needs', 'activities', 'clinical_services', 'non_clinical_services', 'strategies']) expect(names).toContain(`service_plans.${text}`);
    expect(cases.find((c) => c.field === 'goals')!.value).toHaveLength(4001);
  });
  it.each(cases.map((c) => [`${c.resource}.${c.field}`, c] as const))('%s refuses a value one character too long', async (_name, c) => expectRefused(c));
});

describe('dates', () => {
  const cases = casesFor('date');
  it.each(cases.map((c) => [`${c.resource}.${c.field}`, c] as const))('%s refuses 30 February', async (_name, c) => expectRefused(c));
});

describe('users', () => {
  it('refuses a role outside the seven', async () => {
    const res = await ctx.api(world.tokens.system_admin).post('/api/users', { email: 'new@test.example', full_name: 'New', role: 'superuser', organization_id: world.orgs.A, password: 'Long-enough-1' });
    expect(res.status).toBe(400);
    expect(res.body.errors.role).toMatch(/must be one of: system_admin/);
  });
});

describe('date rules', () => {
  it('refuses a birth date in the future with 422', async () => {
    const res = await ctx.api(world.tokens.system_admin).post('/api/children', { first_name: 'Future', last_name: 'Child', birth_date: '2026-01-16' });
    expect(res.status).toBe(422);
    expect(res.body.errors.birth_date).toMatch(/future/);
    const today = await ctx.api(world.tokens.system_admin).post('/api/children', { first_name: 'Born', last_name: 'Today', birth_date: '2026-01-15' });
    expect(today.status).toBe(201);
  });

  it.each([
    ['placements', 'start_date', 'end_date'],
    ['respite_stays', 'start_date', 'end_date'],
    ['support_requests', 'start_date', 'end_date'],
    ['care_circle_members', 'joined_on', 'left_on'],
  ])('%s refuses %s after %s', async (resource, startField, endField) => {
    const payload = await payloadLike(ctx, world, resource, 'A1');
    const body = { ...payload, [startField]: '2025-05-10', [endField]: '2025-05-09', ...(resource === 'care_circle_members' ? { is_active: false } : {}) };
    const res = await ctx.api(world.tokens.system_admin).post(`/api/${resource}`, body);
    expect([400, 422]).toContain(res.status);
    expect(res.body.message).toMatch(/date|before|after|end|left/i);
    expect(Object.keys(res.body.errors).join()).toMatch(new RegExp(`${endField}|${startField}`));
  });
});

describe('money', () => {
  it('refuses more than two decimals', async () => {
    const payload = await payloadLike(ctx, world, 'expenditures', 'A');
    const res = await ctx.api(world.tokens.system_admin).post('/api/expenditures', { ...payload, amount: 10.005 });
    expect(res.status).toBe(400);
    expect(res.body.errors.amount).toBe('must have at most 2 decimals');
  });

  it('keeps cents exact', async () => {
    const payload = await payloadLike(ctx, world, 'expenditures', 'A');
    const res = await ctx.api(world.tokens.system_admin).post('/api/expenditures', { ...payload, amount: 1234567.89 });
    expect(res.status).toBe(201);
    expect(res.body.amount).toBe(1234567.89);
    const row = await ctx.knex.raw('select amount::text as amount from expenditures where id = ?', [res.body.id]);
    expect(row.rows[0].amount).toBe('1234567.89');
  });
});
