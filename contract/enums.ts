/**
 * The enumerations of docs/domain.md: the models' JSON schemas, the server's rules, the seed and
 * the dashboard all read them here. The database enforces the same lists as check
 * constraints (migrations/ keep their own copy: a shipped migration never changes).
 */
export const ORGANIZATION_KINDS = ['ministry', 'service_provider', 'coordinating_agency', 'partner_agency'] as const;
export const PROGRAMS = ['SHSS', 'CSP'] as const;
export type Program = (typeof PROGRAMS)[number];
export const CONTRACT_PROGRAMS = ['SHSS', 'FCC', 'CSP'] as const;
export type ContractProgram = (typeof CONTRACT_PROGRAMS)[number];
/** Contracts that pay placements, their support requests and payments (Family Connections Centres with SHSS). */
export const PLACEMENT_CONTRACT_PROGRAMS = ['SHSS', 'FCC'] as const satisfies readonly ContractProgram[];

export const REFERRAL_SOURCE_TYPES = [
  'self_family',
  'school_educator',
  'physician_health',
  'childrens_aid',
  'indigenous_org',
  'other',
] as const;
export type ReferralSourceType = (typeof REFERRAL_SOURCE_TYPES)[number];
export const ELIGIBILITIES = ['pending', 'eligible', 'ineligible'] as const;

export const PLACEMENT_KINDS = ['regular', 'respite', 'transition_in'] as const;
export const PLACEMENT_STATUSES = ['planned', 'active', 'interrupted', 'ended'] as const;
export const RESPITE_STAY_STATUSES = ['scheduled', 'confirmed', 'cancelled'] as const;

export const PLAN_STATUSES = ['draft', 'pending_approval', 'in_service', 'closed'] as const;
export const PLAN_CLOSED_REASONS = [
  'met_goals',
  'left_catchment',
  'unable_to_reach',
  'family_request',
  'aged_out',
  'placement_ended',
  'not_approved',
  'superseded',
  'other',
] as const;
export const PLAN_SERVICE_CATEGORIES = [
  'rehab_speech_language',
  'rehab_occupational',
  'rehab_physio',
  'nursing',
  'dietician',
  'personal_support',
  'autism',
  'developmental',
  'respite',
  'mental_health',
  'health_care',
  'education',
  'other',
] as const;
export const PLAN_SERVICE_STATUSES = ['needed', 'waitlisted', 'receiving', 'completed', 'declined'] as const;
/** A waitlisted service's, and a child waiting for CSP initiation's, priority: the registry's order. */
export const PRIORITIES = ['urgent', 'high', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

export const COMPLAINT_SOURCES = ['family', 'child', 'provider', 'other'] as const;
export const COMPLAINT_CATEGORIES = ['access_and_wait', 'service_quality', 'communication', 'staff_conduct', 'privacy', 'safety', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_STATUSES = ['open', 'investigating', 'resolved', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const CHECK_IN_STATUSES = ['draft', 'finalized'] as const;
export const ICM_STATUSES = ['not_sent', 'pending', 'sent', 'failed'] as const;
export const SHIFTS = ['day', 'evening', 'overnight', 'combined'] as const;
export const EVENT_TYPES = ['meeting', 'incident', 'critical_incident', 'medical', 'school', 'family_visit', 'other'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const ACTIVITY_KINDS = ['direct', 'indirect'] as const;
export const ACTIVITY_MODES = ['in_person', 'video', 'phone', 'other'] as const;
export const STAFF_ROLES = ['spc'] as const;

export const SUPPORT_FREQUENCIES = ['one_time', 'monthly'] as const;
export const SUPPORT_REQUEST_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'cancelled'] as const;
export const PAYMENT_KINDS = ['base', 'support', 'transition_in'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_STATUSES = ['scheduled', 'paid', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Where an attachment's content is kept (server/files/store.ts). */
export const FILE_STORES = ['postgres', 's3'] as const;

export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export const SESSION_KINDS = ['cookie', 'bearer'] as const;

/** The roles a user signs in with (docs/access.md); the named groups of roles are in server/access/roles.ts. */
export const ROLES = [
  'system_admin',
  'ministry_manager',
  'ministry_finance',
  'org_admin',
  'program_manager',
  'portal_worker',
  'coordinator',
] as const;
export type Role = (typeof ROLES)[number];

/** The compliance calendar's rules (server/compliance/rules/) and what an item's status can be. */
export const COMPLIANCE_RULES = [
  'shss_plan_due',
  'monthly_check_in',
  'progress_review',
  'plan_closing',
  'csp_plan_inactive',
  'csp_referral_waiting',
  'support_request_draft',
] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];
export const COMPLIANCE_STATUSES = ['due', 'overdue'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** The compliance settings (days) administrators may change, one row each in compliance_settings. */
export const COMPLIANCE_SETTINGS = ['shss_plan_due_days', 'csp_wait_target_days'] as const;
export type ComplianceSetting = (typeof COMPLIANCE_SETTINGS)[number];

/** The data-quality scorecard's checks (server/dataQuality/checks/), also data_quality_snapshots.check. */
export const DATA_QUALITY_CHECKS = [
  'referrals_undecided',
  'support_request_dates_outside',
  'plans_without_care_circle',
  'children_impossible_birth_date',
  'placements_past_end_active',
  'check_ins_not_sent',
  'payments_paid_without_cas',
] as const;
export type DataQualityCheck = (typeof DATA_QUALITY_CHECKS)[number];

/** What payment reconciliation finds between the payments expected and the lines that exist. */
export const RECONCILIATION_GAPS = ['missing', 'extra', 'duplicate', 'amount_differs', 'paid_without_numbers'] as const;
export type ReconciliationGap = (typeof RECONCILIATION_GAPS)[number];
