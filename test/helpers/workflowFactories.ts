import type { Knex } from 'knex';
import { ROLES, type Role } from '../../contract/enums';
import type { ApiClient, TestContext } from './context';

/**
 * Small factories for workflow tests: a provider organisation with one place, one contract, a
 * child placed there and one user of every role (the programme manager and worker assigned to
 * the place), plus the records a workflow starts from. Rows go straight into the database;
 * the behaviour under test goes through the API.
 */
let counter = 0;
function next(): number {
  counter += 1;
  return counter;
}

export async function insertRow<T = Record<string, any>>(knex: Knex, table: string, row: Record<string, unknown>): Promise<T> {
  const [created] = await knex(table).insert(row).returning('*');
  return created as T;
}

export interface Actor {
  id: number;
  token: string;
  api: ApiClient;
}

export interface Provider {
  orgId: number;
  placeId: number;
  contractId: number;
  childId: number;
  placementId: number;
  as: Record<Role, Actor>;
}

const MINISTRY_ROLES: Role[] = ['system_admin', 'ministry_manager', 'ministry_finance'];

export async function createProvider(
  ctx: TestContext,
  options: { contract?: Record<string, unknown>; placement?: Record<string, unknown> } = {},
): Promise<Provider> {
  const n = next();
  const org = await insertRow(ctx.knex, 'organizations', { name: `Provider ${n} ${Date.now()}`, kind: 'service_provider' });
  const place = await insertRow(ctx.knex, 'places_of_service', { organization_id: org.id, name: `Home ${n}`, capacity: 4 });
  const contract = await insertRow(ctx.knex, 'contracts', {
    organization_id: org.id,
    contract_number: `SHSS${String(1000000000 + n * 7919 + Math.floor(Math.random() * 1000)).slice(0, 10)}`,
    program: 'SHSS',
    start_date: '2025-04-01',
    end_date: '2027-03-31',
    monthly_base_amount: 9000,
    ...options.contract,
  });
  const child = await createChild(ctx.knex);
  const placement = await insertRow(ctx.knex, 'placements', {
    child_id: child.id,
    place_of_service_id: place.id,
    contract_id: contract.id,
    kind: 'regular',
    start_date: '2025-05-01',
    status: 'active',
    ...options.placement,
  });
  const as = {} as Record<Role, Actor>;
  for (const role of ROLES) {
    const { user, token } = await ctx.createUser({ role, organization_id: MINISTRY_ROLES.includes(role) ? null : org.id });
    as[role] = { id: user.id, token, api: ctx.api(token) };
  }
  for (const role of ['program_manager', 'portal_worker'] as const) {
    await assignToPlace(ctx.knex, as[role].id, place.id);
  }
  return { orgId: org.id, placeId: place.id, contractId: contract.id, childId: child.id, placementId: placement.id, as };
}

export async function assignToPlace(knex: Knex, userId: number, placeId: number) {
  return insertRow(knex, 'place_assignments', { user_id: userId, place_of_service_id: placeId, assigned_on: '2025-01-01' });
}

export async function createChild(knex: Knex, overrides: Record<string, unknown> = {}) {
  const n = next();
  return insertRow(knex, 'children', { first_name: 'Sam', last_name: `Rivera ${n}`, birth_date: '2014-03-02', ...overrides });
}

/** Another placement (with its own child, unless given) at the provider's place. */
export async function createPlacement(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  const childId = (overrides.child_id as number | undefined) ?? (await createChild(knex)).id;
  return insertRow(knex, 'placements', {
    child_id: childId,
    place_of_service_id: provider.placeId,
    contract_id: provider.contractId,
    kind: 'regular',
    start_date: '2025-05-01',
    status: 'active',
    ...overrides,
  });
}

/** An SHSS plan of a placement: a draft unless told otherwise ("in_service" fills the approval). */
export async function createShssPlan(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  const placementId = (overrides.placement_id as number | undefined) ?? provider.placementId;
  const placement = await knex('placements').where({ id: placementId }).first();
  const status = (overrides.status as string | undefined) ?? 'draft';
  const approval = status === 'in_service' ? { approved_on: '2025-05-10', approved_by: 'Dr. Amara Singh' } : {};
  return insertRow(knex, 'service_plans', {
    child_id: placement.child_id,
    program: 'SHSS',
    organization_id: provider.orgId,
    placement_id: placementId,
    goals: 'Settle into the home and return to school',
    strengths: 'Loves music',
    needs: 'Routine at bedtime',
    ...approval,
    ...overrides,
    status,
  });
}

export async function createCareCircleMember(knex: Knex, planId: number, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'care_circle_members', {
    service_plan_id: planId,
    name: `Member ${next()}`,
    role: 'teacher',
    is_active: true,
    joined_on: '2025-05-01',
    ...overrides,
  });
}

export async function createCheckIn(knex: Knex, planId: number, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'monthly_check_ins', {
    service_plan_id: planId,
    month: '2026-01-01',
    answers: JSON.stringify([{ question: 'How is sleep?', response: 'Better', comment: 'Asleep by nine most nights' }]),
    status: 'draft',
    ...overrides,
  });
}

export async function createSupportRequest(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'support_requests', {
    child_id: provider.childId,
    placement_id: provider.placementId,
    contract_id: provider.contractId,
    type_code: 'child_specific_support',
    sub_type_code: 'cultural_supports',
    frequency: 'one_time',
    start_date: '2025-11-03',
    end_date: '2025-11-03',
    amount: 450,
    justification: 'Drumming circle with an Elder',
    status: 'draft',
    ...overrides,
  });
}

export async function createPayment(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'payments', {
    contract_id: provider.contractId,
    placement_id: provider.placementId,
    kind: 'base',
    service_month: '2025-12-01',
    amount: 9000,
    status: 'scheduled',
    scheduled_on: '2025-12-01',
    ...overrides,
  });
}

/** The audit rows of one record, oldest first. */
export async function auditRows(knex: Knex, resource: string, recordId: number | string, action?: string) {
  return knex('audit_events')
    .where({ resource, record_id: String(recordId) })
    .modify((qb) => {
      if (action) qb.where({ action });
    })
    .orderBy('id');
}

/** Every role but these. */
export function rolesExcept(...allowed: Role[]): Role[] {
  return ROLES.filter((role) => !allowed.includes(role));
}
