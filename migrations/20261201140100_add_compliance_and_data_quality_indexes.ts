import type { Knex } from 'knex';

/**
 * Indexes for the compliance calendar and the data-quality scorecard of the whole ministry
 * (docs/compliance.md; bench/README.md has the measurements). Each is partial: it holds the few
 * rows a rule or a check looks for (plans in service, pending referral children, paid payments
 * without a CAS number, …), so the ministry's answer reads those instead of the whole table.
 * The expressions are the rules' own, written the same way there.
 */
const INDEXES: { name: string; create: string }[] = [
  // monthly_check_in, plans_without_care_circle: the plans in service.
  {
    name: 'service_plans_in_service_index',
    create: `on service_plans (program) include (id, child_id, organization_id, placement_id, approved_on) where status = 'in_service'`,
  },
  // csp_plan_inactive: open CSP plans by their latest activity.
  {
    name: 'service_plans_csp_open_latest_activity_index',
    create: `on service_plans ((greatest(initiated_on, coalesce(last_activity_on, initiated_on)))) include (id, child_id, organization_id)
             where program = 'CSP' and status <> 'closed'`,
  },
  // progress_review: reviews by the date the next one is due.
  { name: 'progress_reviews_next_review_on_index', create: 'on progress_reviews (next_review_on) include (service_plan_id, review_date)' },
  // plans_without_care_circle: the active members of a plan.
  { name: 'care_circle_members_active_index', create: 'on care_circle_members (service_plan_id) include (joined_on) where is_active' },
  // referrals_undecided: referral children still waiting for their decision.
  { name: 'referral_children_pending_index', create: `on referral_children (referral_id) include (child_id) where eligibility = 'pending' and closed_on is null` },
  // check_ins_not_sent: finalized check-ins ICM has not acknowledged.
  { name: 'monthly_check_ins_unsent_index', create: `on monthly_check_ins (finalized_at) include (service_plan_id) where status = 'finalized' and icm_status <> 'sent'` },
  // payments_paid_without_cas
  {
    name: 'payments_paid_without_cas_index',
    create: `on payments (id) include (contract_id, placement_id) where status = 'paid' and coalesce(btrim(cas_payment_number), '') = ''`,
  },
];

export async function up(knex: Knex): Promise<void> {
  for (const index of INDEXES) await knex.raw(`create index ${index.name} ${index.create}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [...INDEXES].reverse()) await knex.raw(`drop index ${index.name}`);
}
