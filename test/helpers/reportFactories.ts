import type { Knex } from 'knex';

/**
 * Small factories for report fixtures: each inserts one row with sensible defaults and returns
 * its id. Tests pass only what the expectation depends on, so each fixture reads as the case
 * it stands for.
 */
export type Factories = ReturnType<typeof reportFactories>;

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

export function reportFactories(knex: Knex) {
  async function insert(table: string, row: Record<string, unknown>): Promise<number> {
    const [created] = await knex(table).insert(row).returning('id');
    return Number(created.id);
  }

  const f = {
    organization(attrs: { name?: string; kind?: string } = {}) {
      return insert('organizations', {
        name: attrs.name ?? `Agency ${next()}`,
        kind: attrs.kind ?? 'coordinating_agency',
      });
    },

    child(attrs: { birth_date?: string; first_name?: string; last_name?: string } = {}) {
      const n = next();
      return insert('children', {
        first_name: attrs.first_name ?? `Child${n}`,
        last_name: attrs.last_name ?? 'Test',
        birth_date: attrs.birth_date ?? '2015-01-01',
      });
    },

    referral(attrs: {
      organization_id: number;
      referral_date: string;
      source_type?: string;
      program?: 'CSP' | 'SHSS';
      is_warm?: boolean;
    }) {
      return insert('referrals', {
        organization_id: attrs.organization_id,
        referral_date: attrs.referral_date,
        source_type: attrs.source_type ?? 'other',
        program: attrs.program ?? 'CSP',
        is_warm: attrs.is_warm ?? false,
      });
    },

    referralChild(attrs: {
      referral_id: number;
      child_id: number;
      eligibility?: 'pending' | 'eligible' | 'ineligible';
      eligibility_decided_on?: string | null;
      closed_on?: string | null;
    }) {
      return insert('referral_children', {
        referral_id: attrs.referral_id,
        child_id: attrs.child_id,
        eligibility: attrs.eligibility ?? 'pending',
        eligibility_decided_on: attrs.eligibility_decided_on ?? null,
        closed_on: attrs.closed_on ?? null,
        closed_reason: attrs.closed_on ? 'other' : null,
      });
    },

    /** A CSP plan, in service, or closed when `closed_on` is given. */
    cspPlan(attrs: {
      child_id: number;
      organization_id: number;
      referral_id: number;
      initiated_on: string;
      closed_on?: string;
      closed_reason?: string;
    }) {
      const closed = attrs.closed_on !== undefined;
      return insert('service_plans', {
        child_id: attrs.child_id,
        program: 'CSP',
        organization_id: attrs.organization_id,
        referral_id: attrs.referral_id,
        status: closed ? 'closed' : 'in_service',
        initiated_on: attrs.initiated_on,
        closed_on: attrs.closed_on ?? null,
        closed_reason: closed ? (attrs.closed_reason ?? 'other') : null,
      });
    },

    activity(attrs: { service_plan_id: number; activity_date: string; kind?: 'direct' | 'indirect'; hours?: number }) {
      return insert('service_activities', {
        service_plan_id: attrs.service_plan_id,
        activity_date: attrs.activity_date,
        kind: attrs.kind ?? 'direct',
        mode: 'in_person',
        hours: attrs.hours ?? 1,
      });
    },

    staffAllocation(attrs: { organization_id: number; fte: number; start_date: string; end_date?: string | null }) {
      return insert('staff_allocations', {
        organization_id: attrs.organization_id,
        staff_name: `SPC ${next()}`,
        role: 'spc',
        fte: attrs.fte,
        start_date: attrs.start_date,
        end_date: attrs.end_date ?? null,
      });
    },

    expenditure(attrs: { organization_id: number; spent_on: string; amount: number; program?: 'CSP' | 'SHSS' }) {
      return insert('expenditures', {
        organization_id: attrs.organization_id,
        program: attrs.program ?? 'CSP',
        spent_on: attrs.spent_on,
        amount: attrs.amount,
      });
    },

    placeOfService(attrs: { organization_id: number }) {
      return insert('places_of_service', { organization_id: attrs.organization_id, name: `Home ${next()}` });
    },

    contract(attrs: { organization_id: number; contract_number?: string; program?: 'SHSS' | 'FCC' | 'CSP' }) {
      return insert('contracts', {
        organization_id: attrs.organization_id,
        contract_number: attrs.contract_number ?? `SHSS${String(next()).padStart(10, '0')}`,
        program: attrs.program ?? 'SHSS',
        start_date: '2020-04-01',
      });
    },

    placement(attrs: { child_id: number; place_of_service_id: number; contract_id?: number | null; start_date?: string }) {
      return insert('placements', {
        child_id: attrs.child_id,
        place_of_service_id: attrs.place_of_service_id,
        contract_id: attrs.contract_id ?? null,
        kind: 'regular',
        start_date: attrs.start_date ?? '2024-01-01',
        status: 'active',
      });
    },

    /** An SHSS plan: in service from `approved_on`, closed when `closed_on` is given; a draft without `approved_on`. */
    shssPlan(attrs: { child_id: number; organization_id: number; placement_id: number; approved_on?: string; closed_on?: string }) {
      const status = attrs.closed_on ? 'closed' : attrs.approved_on ? 'in_service' : 'pending_approval';
      return insert('service_plans', {
        child_id: attrs.child_id,
        program: 'SHSS',
        organization_id: attrs.organization_id,
        placement_id: attrs.placement_id,
        status,
        approved_on: attrs.approved_on ?? null,
        closed_on: attrs.closed_on ?? null,
        closed_reason: attrs.closed_on ? 'placement_ended' : null,
      });
    },

    async supportRequest(attrs: { child_id: number; placement_id: number; contract_id: number }) {
      await knex('support_request_types')
        .insert({ code: 'child_specific_support', label: 'Child-specific support' })
        .onConflict('code')
        .ignore();
      return insert('support_requests', {
        child_id: attrs.child_id,
        placement_id: attrs.placement_id,
        contract_id: attrs.contract_id,
        type_code: 'child_specific_support',
        frequency: 'monthly',
        amount: 100,
        status: 'approved',
      });
    },

    payment(attrs: {
      contract_id: number;
      kind: 'base' | 'support' | 'transition_in';
      service_month: string;
      amount: number;
      status: 'scheduled' | 'paid' | 'cancelled';
      placement_id?: number | null;
      support_request_id?: number | null;
    }) {
      return insert('payments', {
        contract_id: attrs.contract_id,
        placement_id: attrs.placement_id ?? null,
        support_request_id: attrs.support_request_id ?? null,
        kind: attrs.kind,
        service_month: attrs.service_month,
        amount: attrs.amount,
        status: attrs.status,
        paid_on: attrs.status === 'paid' ? attrs.service_month : null,
      });
    },

    /**
     * A child referred on `referral_date` (eligible the same day) whose CSP plan was initiated
     * on `initiated_on`: the usual shape of a CSP case.
     */
    async cspCase(attrs: {
      organization_id: number;
      referral_date: string;
      initiated_on: string;
      birth_date?: string;
      closed_on?: string;
      closed_reason?: string;
      child_id?: number;
    }) {
      const childId = attrs.child_id ?? (await f.child({ birth_date: attrs.birth_date }));
      const referralId = await f.referral({ organization_id: attrs.organization_id, referral_date: attrs.referral_date });
      await f.referralChild({
        referral_id: referralId,
        child_id: childId,
        eligibility: 'eligible',
        eligibility_decided_on: attrs.referral_date,
      });
      const planId = await f.cspPlan({
        child_id: childId,
        organization_id: attrs.organization_id,
        referral_id: referralId,
        initiated_on: attrs.initiated_on,
        closed_on: attrs.closed_on,
        closed_reason: attrs.closed_reason,
      });
      return { childId, referralId, planId };
    },
  };
  return f;
}
