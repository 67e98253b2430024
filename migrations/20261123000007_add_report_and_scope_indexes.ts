import type { Knex } from 'knex';

/**
 * Indexes the reports and the scope subqueries need at a million children (bench/README.md has
 * the measurements). Most are covering (`include`), so the rows they serve are read from the
 * index alone. Three replace an index with the same leading columns: foreign keys stay indexed
 * and each write updates one index instead of two.
 */
interface IndexChange {
  name: string;
  create: string;
  /** the index this one replaces, and how it was created */
  replaces?: { name: string; create: string };
}

const CHANGES: IndexChange[] = [
  // Reports: service time and the active-plans points read activities by date alone.
  {
    name: 'service_activities_activity_date_covering_index',
    create: 'on service_activities (activity_date) include (kind, hours, service_plan_id)',
    replaces: { name: 'service_activities_activity_date_kind_index', create: 'on service_activities (activity_date, kind)' },
  },
  // Reports: referral counts by period, source and organisation.
  {
    name: 'referrals_program_referral_date_covering_index',
    create: 'on referrals (program, referral_date) include (source_type, organization_id)',
    replaces: { name: 'referrals_program_referral_date_index', create: 'on referrals (program, referral_date)' },
  },
  // Reports: the waiting count's merge anti join of eligible referral children against CSP plans.
  {
    name: 'service_plans_csp_referral_child_index',
    create: `on service_plans (referral_id, child_id) include (initiated_on) where program = 'CSP'`,
  },
  {
    name: 'referral_children_eligible_index',
    create: `on referral_children (referral_id, child_id) include (eligibility_decided_on, closed_on) where eligibility = 'eligible'`,
  },
  // Reports: the CSP initiations of a period with their child and referral, read from indexes
  // alone, then each initiation's birth date and referral date (merge joins in id order).
  {
    name: 'service_plans_csp_initiated_on_index',
    create: `on service_plans (initiated_on) include (child_id, referral_id, id) where program = 'CSP'`,
  },
  {
    name: 'children_id_birth_date_index',
    create: 'on children (id) include (birth_date)',
  },
  {
    name: 'referrals_id_program_referral_date_index',
    create: 'on referrals (id) include (program, referral_date)',
  },
  // Scope: an organisation's CSP referrals, and its SHSS referrals the intake branch probes.
  {
    name: 'referrals_organization_id_program_index',
    create: 'on referrals (organization_id, program) include (id)',
  },
  // Scope: the placements, children and referrals of the places a user is assigned to.
  {
    name: 'placements_place_of_service_id_covering_index',
    create: 'on placements (place_of_service_id) include (id, child_id, referral_id)',
    replaces: { name: 'placements_place_of_service_id_index', create: 'on placements (place_of_service_id)' },
  },
  // Scope: the plans, and their children, of visible placements.
  {
    name: 'service_plans_placement_id_covering_index',
    create: 'on service_plans (placement_id) include (id, child_id)',
    replaces: { name: 'service_plans_placement_id_index', create: 'on service_plans (placement_id)' },
  },
];

export async function up(knex: Knex): Promise<void> {
  for (const change of CHANGES) {
    await knex.raw(`create index ${change.name} ${change.create}`);
    if (change.replaces) await knex.raw(`drop index ${change.replaces.name}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const change of [...CHANGES].reverse()) {
    if (change.replaces) await knex.raw(`create index ${change.replaces.name} ${change.replaces.create}`);
    // `if exists`: databases migrated while this list was shorter roll back too.
    await knex.raw(`drop index if exists ${change.name}`);
  }
}
