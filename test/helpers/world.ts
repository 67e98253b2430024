import type { Role } from '../../contract/enums';
import { addMonths } from '../../server/dates';
import type { TestContext } from './context';
import { insertId } from './factories';
import { storedRecord } from './records';

/**
 * A small world for scope tests. Every case record is tagged with where it lives:
 *   A1  organisation A, place A1 (the programme manager and worker are assigned here)
 *   A2  organisation A, place A2 (not assigned to them)
 *   B   organisation B, place B1
 *   C   coordinating agency C (the coordinator's own), CSP records
 *   D   coordinating agency D, CSP records
 *   A   organisation-level records of A (contracts, allocations, …)
 * Each role's expected reach is written by hand from docs/domain.md's roles table in VISIBLE_TAGS.
 */
export type Tag = 'A1' | 'A2' | 'B' | 'C' | 'D' | 'A';
export const ALL_TAGS: Tag[] = ['A1', 'A2', 'B', 'C', 'D', 'A'];

export const VISIBLE_TAGS: Record<Role, Tag[]> = {
  system_admin: ALL_TAGS,
  ministry_manager: ALL_TAGS,
  ministry_finance: ALL_TAGS,
  org_admin: ['A1', 'A2', 'A'],
  program_manager: ['A1', 'A'],
  portal_worker: ['A1', 'A'],
  coordinator: ['C'],
};

/** The resources buildWorld puts tagged records in (known before it runs, for test tables). */
export const WORLD_RESOURCES = [
  'organizations', 'service_types', 'support_request_types', 'check_in_questions', 'places_of_service', 'contracts', 'children', 'referrals',
  'referral_children', 'placements', 'respite_stays', 'daily_logs', 'daily_log_entries', 'support_requests', 'payments',
  'service_activities', 'service_plans', 'care_circle_members', 'plan_services', 'progress_reviews', 'monthly_check_ins',
  'events', 'tasks', 'staff_allocations', 'expenditures', 'payment_summaries', 'complaints', 'compliance_settings',
];

export interface World {
  today: string;
  orgs: Record<'M' | 'A' | 'B' | 'C' | 'D', number>;
  tokens: Record<Role, string>;
  users: Record<Role, { id: number; email: string }>;
  /** resource name -> tag -> id of the record with that tag */
  records: Record<string, Partial<Record<Tag, number | string>>>;
}

export async function buildWorld(ctx: TestContext): Promise<World> {
  const { knex } = ctx;
  const today = ctx.clock.now.toISOString().slice(0, 10);
  const records: World['records'] = {};
  const put = (resource: string, tag: Tag, id: number | string) => {
    records[resource] ??= {};
    records[resource][tag] = id;
  };

  const orgs = {
    M: await insertId(knex, 'organizations', { name: 'Ministry', kind: 'ministry' }),
    A: await insertId(knex, 'organizations', { name: 'Provider A', kind: 'service_provider' }),
    B: await insertId(knex, 'organizations', { name: 'Provider B', kind: 'service_provider' }),
    C: await insertId(knex, 'organizations', { name: 'Agency C', kind: 'coordinating_agency' }),
    D: await insertId(knex, 'organizations', { name: 'Agency D', kind: 'coordinating_agency' }),
  };
  for (const tag of ['A', 'B', 'C', 'D'] as const) put('organizations', tag, orgs[tag]);

  const roleOrg: Record<Role, number> = {
    system_admin: orgs.M,
    ministry_manager: orgs.M,
    ministry_finance: orgs.M,
    org_admin: orgs.A,
    program_manager: orgs.A,
    portal_worker: orgs.A,
    coordinator: orgs.C,
  };
  const tokens = {} as World['tokens'];
  const users = {} as World['users'];
  for (const role of Object.keys(roleOrg) as Role[]) {
    const { user, token } = await ctx.createUser({ role, organization_id: roleOrg[role] });
    tokens[role] = token;
    users[role] = { id: user.id, email: user.email };
  }
  const otherUser = {
    A: users.org_admin.id,
    B: (await ctx.createUser({ role: 'org_admin', organization_id: orgs.B })).user.id,
    C: users.coordinator.id,
    D: (await ctx.createUser({ role: 'coordinator', organization_id: orgs.D })).user.id,
  };

  await knex('service_types').insert([
    { code: 'staffed_home', label: 'Staffed home', program: 'SHSS' },
    { code: 'csp_coordination', label: 'Coordination', program: 'CSP' },
  ]);
  put('service_types', 'A', 'staffed_home');
  // Installed by migration 20261123000012 with the other SHSS types.
  if (!(await knex('support_request_types').where({ code: 'child_specific_support' }).first())) {
    throw new Error('The migrations should have installed the support request type child_specific_support');
  }
  put('support_request_types', 'A', 'child_specific_support');
  put('check_in_questions', 'A', 'overall');
  // Installed by migration 20261201140000, one row per compliance setting.
  put('compliance_settings', 'A', 'shss_plan_due_days');

  const places = {
    A1: await insertId(knex, 'places_of_service', { organization_id: orgs.A, name: 'Place A1', service_type_code: 'staffed_home', capacity: 4 }),
    A2: await insertId(knex, 'places_of_service', { organization_id: orgs.A, name: 'Place A2', service_type_code: 'staffed_home', capacity: 4 }),
    B: await insertId(knex, 'places_of_service', { organization_id: orgs.B, name: 'Place B1', service_type_code: 'staffed_home', capacity: 4 }),
  };
  for (const tag of ['A1', 'A2', 'B'] as const) put('places_of_service', tag, places[tag]);
  for (const role of ['program_manager', 'portal_worker'] as const) {
    await insertId(knex, 'place_assignments', { user_id: users[role].id, place_of_service_id: places.A1, assigned_on: '2025-01-01' });
  }

  const contracts = {
    A: await insertId(knex, 'contracts', { organization_id: orgs.A, contract_number: 'SHSS0000000001', program: 'SHSS', start_date: '2024-04-01', end_date: '2027-03-31', monthly_base_amount: 9000 }),
    B: await insertId(knex, 'contracts', { organization_id: orgs.B, contract_number: 'SHSS0000000002', program: 'SHSS', start_date: '2024-04-01', end_date: '2027-03-31', monthly_base_amount: 9000 }),
  };
  put('contracts', 'A', contracts.A);
  put('contracts', 'B', contracts.B);

  const childOf: Partial<Record<Tag, number>> = {};
  const referralOf: Partial<Record<Tag, number>> = {};
  const placementOf: Partial<Record<Tag, number>> = {};
  const planOf: Partial<Record<Tag, number>> = {};
  const shssTags = ['A1', 'A2', 'B'] as const;
  const cspTags = ['C', 'D'] as const;

  for (const tag of [...shssTags, ...cspTags]) {
    childOf[tag] = await insertId(knex, 'children', { first_name: `Child`, last_name: `Of ${tag}`, birth_date: '2015-06-01' });
    put('children', tag, childOf[tag]!);
    const organizationId = tag === 'B' ? orgs.B : tag === 'C' ? orgs.C : tag === 'D' ? orgs.D : orgs.A;
    const program = tag === 'C' || tag === 'D' ? 'CSP' : 'SHSS';
    referralOf[tag] = await insertId(knex, 'referrals', { organization_id: organizationId, program, referral_date: '2025-02-01', source_type: 'self_family' });
    put('referrals', tag, referralOf[tag]!);
    put('referral_children', tag, await insertId(knex, 'referral_children', { referral_id: referralOf[tag], child_id: childOf[tag], eligibility: 'eligible', eligibility_decided_on: '2025-02-10' }));
  }

  for (const tag of shssTags) {
    const contract = tag === 'B' ? contracts.B : contracts.A;
    placementOf[tag] = await insertId(knex, 'placements', { child_id: childOf[tag], place_of_service_id: places[tag], contract_id: contract, referral_id: referralOf[tag], kind: 'respite', start_date: '2025-03-01', status: 'active' });
    put('placements', tag, placementOf[tag]!);
    put('respite_stays', tag, await insertId(knex, 'respite_stays', { placement_id: placementOf[tag], start_date: '2025-04-01', end_date: '2025-04-03', status: 'scheduled' }));
    const organizationId = tag === 'B' ? orgs.B : orgs.A;
    planOf[tag] = await insertId(knex, 'service_plans', { child_id: childOf[tag], program: 'SHSS', organization_id: organizationId, placement_id: placementOf[tag], status: 'in_service', approved_on: '2025-03-15', approved_by: 'Dr. Lee', goals: 'Goals' });
    const logId = await insertId(knex, 'daily_logs', { placement_id: placementOf[tag], log_date: '2025-05-01', shift: 'day' });
    put('daily_logs', tag, logId);
    const author = tag === 'B' ? otherUser.B : users.portal_worker.id;
    put('daily_log_entries', tag, await insertId(knex, 'daily_log_entries', { daily_log_id: logId, author_id: author, body: 'Quiet day' }));
    put('support_requests', tag, await insertId(knex, 'support_requests', { child_id: childOf[tag], placement_id: placementOf[tag], contract_id: contract, type_code: 'child_specific_support', frequency: 'one_time', start_date: '2025-06-01', end_date: '2025-06-30', amount: 250.5, justification: 'Needed', status: 'draft' }));
    put('payments', tag, await insertId(knex, 'payments', { contract_id: contract, placement_id: placementOf[tag], kind: 'base', service_month: '2025-05-01', amount: 9000, status: 'scheduled', scheduled_on: '2025-05-01' }));
  }

  for (const tag of cspTags) {
    const organizationId = tag === 'C' ? orgs.C : orgs.D;
    planOf[tag] = await insertId(knex, 'service_plans', { child_id: childOf[tag], program: 'CSP', organization_id: organizationId, referral_id: referralOf[tag], coordinator_id: otherUser[tag], status: 'in_service', initiated_on: '2025-03-01', goals: 'Goals' });
    put('service_activities', tag, await insertId(knex, 'service_activities', { service_plan_id: planOf[tag], coordinator_id: otherUser[tag], activity_date: '2025-04-01', kind: 'direct', mode: 'phone', hours: 1.5 }));
  }

  for (const tag of [...shssTags, ...cspTags]) {
    put('service_plans', tag, planOf[tag]!);
    put('care_circle_members', tag, await insertId(knex, 'care_circle_members', { service_plan_id: planOf[tag], name: `Member ${tag}`, role: 'parent', is_active: true, joined_on: '2025-03-01' }));
    put('plan_services', tag, await insertId(knex, 'plan_services', { service_plan_id: planOf[tag], category: 'nursing', status: 'needed' }));
    put('progress_reviews', tag, await insertId(knex, 'progress_reviews', { service_plan_id: planOf[tag], review_date: '2025-06-01', summary: 'Going well' }));
    put('monthly_check_ins', tag, await insertId(knex, 'monthly_check_ins', { service_plan_id: planOf[tag], month: '2025-06-01', answers: JSON.stringify([]), status: 'draft' }));
    put('events', tag, await insertId(knex, 'events', { child_id: childOf[tag], service_plan_id: planOf[tag], type: 'family_visit', occurred_at: '2025-06-02T15:00:00Z', title: 'Visit', created_by: users.system_admin.id }));
    put('tasks', tag, await insertId(knex, 'tasks', { child_id: childOf[tag], service_plan_id: planOf[tag], title: 'Call family', due_on: '2025-07-01', status: 'open' }));
  }

  for (const tag of ['A', 'C', 'D'] as const) {
    const organizationId = orgs[tag];
    put('staff_allocations', tag, await insertId(knex, 'staff_allocations', { organization_id: organizationId, staff_name: `SPC ${tag}`, role: 'spc', fte: 0.5, start_date: '2025-04-01' }));
    put('expenditures', tag, await insertId(knex, 'expenditures', { organization_id: organizationId, program: 'CSP', spent_on: '2025-05-01', amount: 1200, description: 'Salaries' }));
    put('complaints', tag, await insertId(knex, 'complaints', { organization_id: organizationId, received_on: '2025-05-02', received_from: 'family', about: 'Waited too long', category: 'access_and_wait' }));
  }

  for (const tag of ['A', 'B'] as const) {
    put('payment_summaries', tag, await insertId(knex, 'payment_summaries', { organization_id: orgs[tag], contract_id: contracts[tag], contract_number: tag === 'A' ? 'SHSS0000000001' : 'SHSS0000000002', month: '2025-05-01', base_total: 9000, total: 9000, scheduled_total: 9000, payment_count: 1, refreshed_at: new Date() }));
  }

  return { today, orgs, tokens, users, records };
}

let counter = 0;
let checkInMonths = 0;

const SERVER_OWNED = ['id', 'created_at', 'updated_at', 'version', 'status', 'archived_at', 'registered_by_organization_id', 'author_id', 'created_by', 'finalized_at', 'finalized_by', 'icm_status', 'icm_reference', 'submitted_at', 'decided_at', 'decided_by', 'paid_on', 'approved_on', 'approved_by', 'closed_on', 'closed_reason', 'cloned_from_id', 'refreshed_at', 'end_reason', 'priority', 'priority_reason'];

/** A new record hanging off the same parents as the world record `tag`, unique keys varied. */
export async function payloadLike(ctx: TestContext, world: World, resource: string, tag: Tag): Promise<Record<string, unknown>> {
  const id = world.records[resource][tag]!;
  const row = { ...(await storedRecord(ctx, resource, id)) } as Record<string, unknown>;
  for (const field of SERVER_OWNED) delete row[field];
  counter += 1;
  const day = String((counter % 27) + 1).padStart(2, '0');
  switch (resource) {
    case 'organizations':
      return { ...row, name: `New org ${counter}` };
    case 'service_types':
    case 'support_request_types':
    case 'check_in_questions':
      return { ...row, code: `new_code_${counter}`, label: `New ${counter}` };
    case 'contracts':
      return { ...row, contract_number: `SHSS${String(9000000000 + counter)}` };
    case 'payments':
      return { ...row, service_month: `20${10 + (counter % 10)}-0${(counter % 9) + 1}-01` };
    case 'monthly_check_ins': {
      // A month the world's plans were in service in (approved 2025-03-15) up to the world's
      // today, other than the world record's own (2025-06), one after the other.
      const months = Array.from({ length: 11 }, (_, i) => addMonths('2025-03-01', i)).filter((m) => m !== '2025-06-01');
      checkInMonths += 1;
      return { ...row, month: months[(checkInMonths - 1) % months.length] };
    }
    case 'daily_logs':
      return { ...row, log_date: `2024-0${(counter % 9) + 1}-${day}` };
    case 'referral_children': {
      // Registered by the referral's organisation, as intake does, so that organisation sees it.
      const referral = await ctx.knex('referrals').where({ id: row.referral_id }).first();
      const [child] = await ctx.knex('children').insert({ first_name: 'Extra', last_name: `Child ${counter}`, birth_date: '2016-01-01', registered_by_organization_id: referral.organization_id }).returning('id');
      return { ...row, child_id: child.id };
    }
    case 'service_plans': {
      // A second open plan for the same child is refused; use the same parents with a new child.
      const [child] = await ctx.knex('children').insert({ first_name: 'Plan', last_name: `Child ${counter}`, birth_date: '2016-01-01' }).returning('id');
      if (row.program === 'SHSS') {
        const placement = await ctx.knex('placements').where({ id: row.placement_id }).first();
        const [newPlacement] = await ctx.knex('placements').insert({ ...placement, id: undefined, created_at: undefined, updated_at: undefined, child_id: child.id }).returning('id');
        return { ...row, child_id: child.id, placement_id: newPlacement.id };
      }
      await ctx.knex('referral_children').insert({ referral_id: row.referral_id, child_id: child.id, eligibility: 'eligible' });
      return { ...row, child_id: child.id };
    }
    default:
      return row;
  }
}

