import { ROLES } from '../../contract/enums';
import type { MetaResource } from '../../contract/meta';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { storedRecord } from '../helpers/records';
import { buildWorld, type World } from '../helpers/world';

/**
 * What the forms need to follow the rules, from /api/meta: pickers filtered by what the form
 * already says, and the statuses in which a record takes no plain edit (no Edit button). Both
 * are declarations; these tests hold them to the filters and the write rules they stand for.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

const byName = (name: string) => resources.find((r) => r.name === name)!;

describe('reference filters', () => {
  it('name filters of the target and fields of the form only', () => {
    const problems: string[] = [];
    for (const declaration of resources) {
      for (const [field, filter] of Object.entries(declaration.referenceFilters ?? {})) {
        const target = byName(declaration.references?.[field] ?? '');
        if (!target) problems.push(`${declaration.name}.${field} is no reference`);
        for (const [key, value] of Object.entries(filter ?? {})) {
          if (target && !['id', ...target.filters].includes(key)) problems.push(`${declaration.name}.${field}: ${target.name} has no filter ${key}`);
          if ('field' in value && !(value.field in (declaration.model.jsonSchema.properties ?? {}))) problems.push(`${declaration.name}.${field}: no field ${value.field}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("offer a support request's placements of its child and the active types and sub-types of its type", async () => {
    const meta = (await ctx.api(world.tokens.program_manager).get('/api/meta')).body;
    const requests: MetaResource = meta.resources.find((r: MetaResource) => r.name === 'support_requests');
    const filterOf = (name: string) => requests.fields.find((f) => f.name === name)?.reference_filter;
    expect(filterOf('placement_id')).toEqual({ child_id: { field: 'child_id' } });
    expect(filterOf('type_code')).toEqual({ parent_code: { value: null }, active: { value: true } });
    expect(filterOf('sub_type_code')).toEqual({ parent_code: { field: 'type_code' }, active: { value: true } });
    expect(filterOf('amount')).toBeUndefined();
    // the filter the picker sends answers the child's placements only
    const placement = await storedRecord(ctx, 'placements', world.records.placements.A1!);
    const res = await ctx.api(world.tokens.org_admin).get(`/api/placements?filter=${encodeURIComponent(JSON.stringify({ child_id: placement.child_id }))}`);
    expect(res.body.map((p: { id: number }) => p.id)).toEqual([placement.id]);
  });
});

describe('locked statuses', () => {
  const LOCKED: { resource: string; status: string; extra: Record<string, unknown>; editor: (typeof ROLES)[number] }[] = [
    { resource: 'payments', status: 'cancelled', extra: {}, editor: 'system_admin' },
    { resource: 'support_requests', status: 'submitted', extra: { submitted_at: '2026-01-10T10:00:00Z' }, editor: 'org_admin' },
    { resource: 'service_plans', status: 'closed', extra: { closed_on: '2026-01-10', closed_reason: 'placement_ended' }, editor: 'org_admin' },
    { resource: 'monthly_check_ins', status: 'finalized', extra: { finalized_at: '2026-01-10T10:00:00Z', check_in_date: '2025-06-20' }, editor: 'org_admin' },
  ];

  it('are statuses of the resource, and meta tells them', async () => {
    const meta = (await ctx.api(world.tokens.system_admin).get('/api/meta')).body;
    for (const declaration of resources.filter((r) => r.lockedStatuses)) {
      const statuses = (declaration.model.jsonSchema.properties?.status as { enum?: string[] } | undefined)?.enum ?? [];
      expect(declaration.lockedStatuses!.filter((s) => !statuses.includes(s))).toEqual([]);
      expect(meta.resources.find((r: MetaResource) => r.name === declaration.name).locked_statuses).toEqual(declaration.lockedStatuses);
    }
    expect(LOCKED.map((l) => l.resource).sort()).toEqual(resources.filter((r) => r.lockedStatuses).map((r) => r.name).sort());
  });

  it.each(LOCKED)('refuse a plain edit of a $status record of $resource', async ({ resource, status, extra, editor }) => {
    const id = world.records[resource].A1!;
    expect(byName(resource).lockedStatuses).toContain(status);
    await ctx.knex(resource).where({ id }).update({ status, ...extra });
    const before = await storedRecord(ctx, resource, id);
    const res = await ctx.api(world.tokens[editor]).put(`/api/${resource}/${id}`, { ...before, updated_at: undefined, created_at: undefined, [changedField(resource)]: changedValue(resource) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('read_only');
  });
});

function changedField(resource: string): string {
  return { payments: 'icm_order_number', support_requests: 'justification', service_plans: 'needs', monthly_check_ins: 'check_in_date' }[resource]!;
}

function changedValue(resource: string): string {
  return resource === 'monthly_check_ins' ? '2025-06-21' : resource === 'payments' ? 'ICM-9' : 'Changed';
}

describe('boolean defaults', () => {
  it("give each boolean field the database's default, so a new record's switch starts where the server would put it", async () => {
    const meta = (await ctx.api(world.tokens.system_admin).get('/api/meta')).body;
    const fieldOf = (resource: string, name: string) => meta.resources.find((r: MetaResource) => r.name === resource).fields.find((f: { name: string }) => f.name === name);
    expect(fieldOf('care_circle_members', 'is_active').default).toBe(true);
    expect(fieldOf('support_request_types', 'active').default).toBe(true);
    expect(fieldOf('referrals', 'is_warm').default).toBe(false);
    expect(fieldOf('referrals', 'referral_date').default).toBeUndefined();
    // what the server stores when a create leaves it out is that default
    const created = await ctx.api(world.tokens.system_admin).post('/api/support_request_types', { code: 'form_rules_type', label: 'Form rules' });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(true);
  });
});
