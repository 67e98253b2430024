import type { MessageKey } from '../../contract/messages';

/**
 * The message of every check, unique and foreign-key constraint (and unique index) of the
 * schema, by name: server/db/errors.ts answers with it when PostgreSQL refuses a write
 * (including the race that a rule's own check cannot close), so no constraint or table name
 * reaches a person. test/platform/constraintMessages.test.ts fails on a constraint of the
 * migrated schema missing here. `field` is the field the refusal is shown on; a foreign key's
 * `records` is the resource that refers (named when the referred row is deleted).
 */
export interface ConstraintMessage {
  message: MessageKey;
  field?: string;
  /** the field's own message (default: the one of the refusal's kind) */
  fieldMessage?: MessageKey;
  /** a foreign key: the table whose rows refer */
  records?: string;
}

type Entries = Record<string, ConstraintMessage>;

/** `<table>_<field>_check` constraints that all say the same of their field. */
function checks(message: MessageKey, fieldMessage: MessageKey, byTable: Record<string, readonly string[]>): Entries {
  return Object.fromEntries(
    Object.entries(byTable).flatMap(([table, fields]) => fields.map((field) => [`${table}_${field}_check`, { message, field, fieldMessage }])),
  );
}

/** `<table>_<column>_foreign`: the column's record is missing, or the row refers to one being deleted. */
function foreignKeys(byTable: Record<string, readonly string[]>): Entries {
  return Object.fromEntries(
    Object.entries(byTable).flatMap(([table, columns]) =>
      columns.map((field) => [`${table}_${field}_foreign`, { message: 'record_missing', field, fieldMessage: 'field_no_such_record', records: table }]),
    ),
  );
}

/** Unique keys of the system's own rows (tokens, chunks, outbox keys) that a person cannot collide on. */
function duplicates(names: readonly string[]): Entries {
  return Object.fromEntries(names.map((name) => [name, { message: 'duplicate', fieldMessage: 'field_taken' }]));
}

/**
 * Names a trigger raises its refusal under (`raise ... using constraint = ...`): not constraints
 * of the schema, but answered from this table the same way.
 */
export const RAISED_BY_TRIGGERS: Readonly<Entries> = {
  report_submissions_frozen: { message: 'submission_frozen' },
};

export const CONSTRAINT_MESSAGES: Readonly<Entries> = {
  ...checks('choice_not_allowed', 'field_not_allowed', {
    complaints: ['category', 'received_from', 'status'],
    contracts: ['program'],
    imports: ['format', 'status'],
    report_submission_measures: ['statistic', 'unit'],
    report_submissions: ['period'],
    daily_logs: ['shift'],
    dashboards: ['shared_with'],
    data_quality_snapshots: ['check_key'],
    events: ['type'],
    expenditures: ['program'],
    files: ['store'],
    job_runs: ['status'],
    monthly_check_ins: ['icm_status', 'status'],
    organizations: ['kind'],
    outbox_messages: ['status'],
    payments: ['kind', 'status'],
    placements: ['kind', 'status'],
    plan_services: ['category', 'priority', 'status'],
    questions: ['shared_with', 'visualization'],
    referral_children: ['eligibility', 'priority'],
    referrals: ['program', 'source_type'],
    report_deliveries: ['status'],
    report_subscriptions: ['period'],
    respite_stays: ['icm_status', 'status'],
    service_activities: ['kind', 'mode'],
    service_plans: ['program', 'risk_level', 'status'],
    service_types: ['program'],
    sessions: ['kind'],
    staff_allocations: ['role'],
    support_requests: ['frequency', 'status'],
    tasks: ['status'],
    users: ['role'],
    dashboard_cards: ['report_card'],
  }),
  ...checks('dates_out_of_order', 'field_before_start', {
    care_circle_members: ['left_on'],
    contracts: ['end_date'],
    place_assignments: ['ended_on'],
    placements: ['end_date'],
    plan_services: ['ended_on'],
    progress_reviews: ['period_end'],
    report_submissions: ['period_to'],
    respite_stays: ['end_date'],
    staff_allocations: ['end_date'],
    support_requests: ['end_date'],
  }),
  plan_services_waitlisted_on_check: { message: 'dates_out_of_order', field: 'waitlisted_on', fieldMessage: 'field_out_of_range' },
  ...checks('text_too_long', 'field_too_long', {
    api_keys: ['name'],
    check_in_questions: ['label', 'label_fr'],
    complaints: ['about', 'resolution'],
    dashboards: ['description', 'title'],
    files: ['file_name'],
    imports: ['import_key'],
    report_submissions: ['note'],
    progress_reviews: ['goal_progress', 'summary'],
    questions: ['description', 'title'],
    referral_children: ['priority_reason'],
    report_subscriptions: ['title'],
    service_plans: ['activities', 'clinical_services', 'goals', 'needs', 'non_clinical_services', 'risk_reason', 'strategies', 'strengths'],
    service_types: ['label_fr'],
    support_request_types: ['label_fr'],
    support_requests: ['justification'],
  }),
  ...checks('number_out_of_range', 'field_out_of_range', {
    compliance_settings: ['days'],
    contracts: ['monthly_base_amount'],
    data_quality_snapshots: ['record_count'],
    expenditures: ['amount'],
    file_chunks: ['seq'],
    files: ['size_bytes'],
    imports: ['row_count'],
    report_submissions: ['fiscal_year', 'revision', 'row_count'],
    submission_due_dates: ['fiscal_year'],
    payments: ['amount'],
    places_of_service: ['capacity'],
    service_activities: ['hours'],
    staff_allocations: ['fte'],
    support_requests: ['amount', 'staffing_hours'],
  }),
  ...checks('month_first_day', 'field_first_of_month', {
    monthly_check_ins: ['month'],
    payment_summaries: ['month'],
    payments: ['service_month'],
  }),
  ...checks('status_fields_mismatch', 'field_status_mismatch', {
    care_circle_members: ['is_active'],
    complaints: ['resolved_on'],
    monthly_check_ins: ['check_in_date', 'finalized_at'],
    payments: ['paid_on'],
    service_plans: ['closed_on', 'closed_reason'],
  }),
  ...checks('required_for_kind', 'field_required_here', {
    payments: ['placement_id', 'support_request_id'],
    service_plans: ['placement_id', 'referral_id'],
  }),
  ...checks('list_not_allowed', 'field_not_allowed', {
    dashboards: ['shared_roles'],
    monthly_check_ins: ['answers'],
    notifications: ['message_parts'],
    questions: ['shared_roles'],
    report_subscriptions: ['formats', 'recipient_ids'],
  }),
  contracts_contract_number_check: { message: 'contract_number_format', field: 'contract_number', fieldMessage: 'field_pattern' },
  users_organization_id_check: { message: 'user_needs_organization', field: 'organization_id', fieldMessage: 'field_required_here' },
  files_record_check: { message: 'file_one_record' },
  support_request_types_parent_code_check: { message: 'type_own_parent', field: 'parent_code', fieldMessage: 'field_not_allowed' },
  dashboard_cards_x_check: { message: 'card_outside_grid', field: 'x', fieldMessage: 'field_out_of_range' },
  report_subscriptions_report_check: { message: 'subscription_target', field: 'report', fieldMessage: 'field_not_allowed' },
  report_subscriptions_schedule_kind_check: { message: 'subscription_schedule', field: 'schedule_kind', fieldMessage: 'field_not_allowed' },
  service_plans_risk_reviewed_on_check: { message: 'plan_risk_review', field: 'risk_reviewed_on', fieldMessage: 'field_required_here' },
  submission_due_dates_interim_due_on_check: { message: 'dates_out_of_order', field: 'interim_due_on', fieldMessage: 'field_out_of_range' },
  submission_due_dates_final_due_on_check: { message: 'dates_out_of_order', field: 'final_due_on', fieldMessage: 'field_out_of_range' },
  report_submissions_reason_check: { message: 'rule_violated', field: 'reason', fieldMessage: 'field_required_here' },
  report_submissions_withdrawal_reason_check: { message: 'rule_violated', field: 'withdrawal_reason', fieldMessage: 'field_required_here' },
  // the server writes these from what it computed: a person never meets them
  imports_errors_check: { message: 'rule_violated' },
  report_submission_measures_rows_check: { message: 'rule_violated' },
  report_submissions_digest_check: { message: 'rule_violated' },

  users_email_lower_unique: { message: 'email_taken', field: 'email', fieldMessage: 'field_taken' },
  organizations_name_unique: { message: 'organization_name_taken', field: 'name', fieldMessage: 'field_taken' },
  contracts_contract_number_unique: { message: 'contract_number_taken', field: 'contract_number', fieldMessage: 'field_taken' },
  daily_logs_placement_id_log_date_shift_unique: { message: 'daily_log_taken', field: 'shift', fieldMessage: 'field_taken' },
  payment_summaries_contract_id_month_unique: { message: 'payment_summary_taken', field: 'month', fieldMessage: 'field_taken' },
  referral_children_referral_id_child_id_unique: { message: 'referral_child_taken', field: 'child_id', fieldMessage: 'field_taken' },
  payments_base_month_unique: { message: 'base_payment_taken', field: 'service_month', fieldMessage: 'field_taken' },
  payments_support_request_month_unique: { message: 'support_payment_taken', field: 'service_month', fieldMessage: 'field_taken' },
  place_assignments_open_unique: { message: 'assignment_open_taken', field: 'place_of_service_id', fieldMessage: 'field_taken' },
  dashboards_one_default: { message: 'default_dashboard_taken', field: 'is_default', fieldMessage: 'field_taken' },
  service_plans_in_service_unique: { message: 'plan_in_service_taken', field: 'child_id', fieldMessage: 'field_taken' },
  service_plans_revision_unique: { message: 'plan_revision_taken', field: 'child_id', fieldMessage: 'field_taken' },
  monthly_check_ins_service_plan_id_month_unique: { message: 'check_in_month_taken', field: 'month', fieldMessage: 'field_taken' },
  report_submissions_revision_unique: { message: 'submission_revision_taken', field: 'revision', fieldMessage: 'field_taken' },
  ...duplicates([
    'api_keys_token_hash_unique',
    'sessions_token_hash_unique',
    'file_chunks_file_id_seq_unique',
    'outbox_messages_idempotency_key_unique',
    'placements_id_child_id_unique',
    'data_quality_snapshots_group_unique',
    'rollup_activity_hours_key_unique',
    'rollup_active_plan_months_key_unique',
    'rollup_active_plans_key_unique',
    'rollup_initiation_waits_by_organization_key_unique',
    'rollup_initiation_waits_key_unique',
    'rollup_csp_initiations_by_organization_key_unique',
    'rollup_csp_initiations_key_unique',
    'rollup_csp_active_starts_key_unique',
    'rollup_csp_discharge_months_key_unique',
    'rollup_csp_waiting_days_key_unique',
    'rollup_csp_waits_referral_child_id_unique',
    'rollup_impossible_birth_dates_child_id_unique',
    'rollup_payments_key_unique',
    'rollup_payment_months_key_unique',
    'rollup_payment_years_key_unique',
    'rollup_referrals_key_unique',
    'report_submission_measures_measure_key_unique',
    'report_submission_measures_position_unique',
    'large_text_versions_record_digest_unique',
  ]),
  imports_committed_key_unique: { message: 'duplicate', field: 'import_key', fieldMessage: 'field_taken' },
  submission_due_dates_fiscal_year_organization_id_unique: { message: 'duplicate', field: 'fiscal_year', fieldMessage: 'field_taken' },

  service_plans_placement_child_foreign: { message: 'plan_placement_child', field: 'child_id', fieldMessage: 'field_does_not_match' },
  ...foreignKeys({
    api_keys: ['user_id'],
    audit_events: ['user_id'],
    care_circle_members: ['service_plan_id'],
    children: ['registered_by_organization_id'],
    complaints: ['child_id', 'organization_id', 'service_plan_id'],
    contracts: ['organization_id'],
    daily_log_entries: ['author_id', 'daily_log_id'],
    daily_logs: ['placement_id'],
    dashboard_cards: ['dashboard_id', 'question_id'],
    dashboards: ['organization_id', 'owner_id'],
    data_quality_snapshots: ['organization_id', 'place_of_service_id'],
    events: ['child_id', 'created_by', 'service_plan_id'],
    expenditures: ['organization_id'],
    file_chunks: ['file_id'],
    imports: ['organization_id', 'same_as_import_id', 'user_id'],
    report_submission_measures: ['submission_id'],
    report_submissions: ['organization_id', 'submitted_by', 'withdrawn_by'],
    submission_due_dates: ['organization_id'],
    files: ['daily_log_id', 'event_id', 'monthly_check_in_id', 'progress_review_id', 'service_plan_id', 'support_request_id', 'uploaded_by'],
    monthly_check_ins: ['finalized_by', 'service_plan_id'],
    notifications: ['user_id'],
    outbox_messages: ['monthly_check_in_id', 'respite_stay_id'],
    payment_summaries: ['contract_id', 'organization_id'],
    payments: ['contract_id', 'placement_id', 'support_request_id'],
    place_assignments: ['place_of_service_id', 'user_id'],
    placements: ['child_id', 'contract_id', 'place_of_service_id', 'referral_id'],
    places_of_service: ['organization_id', 'service_type_code'],
    plan_services: ['service_plan_id'],
    progress_reviews: ['author_id', 'service_plan_id'],
    questions: ['organization_id', 'owner_id'],
    referral_children: ['child_id', 'referral_id'],
    referrals: ['organization_id'],
    report_deliveries: ['job_run_id', 'recipient_id', 'subscription_id'],
    report_subscriptions: ['dashboard_id', 'owner_id'],
    respite_stays: ['placement_id'],
    rollup_impossible_birth_dates: ['child_id'],
    service_activities: ['coordinator_id', 'service_plan_id'],
    service_plans: ['child_id', 'cloned_from_id', 'coordinator_id', 'organization_id', 'placement_id', 'referral_id'],
    sessions: ['user_id'],
    staff_allocations: ['organization_id', 'user_id'],
    support_request_types: ['parent_code'],
    support_requests: ['child_id', 'contract_id', 'decided_by', 'placement_id', 'sub_type_code', 'type_code'],
    tasks: ['assigned_to', 'child_id', 'service_plan_id'],
    users: ['organization_id'],
  }),
};
