/**
 * Messages for database constraints whose meaning a generic sentence would lose, by constraint
 * name. server/db/errors.ts uses them when PostgreSQL refuses a write (including the race
 * that a rule's own check cannot close).
 */
export interface ConstraintMessage {
  message: string;
  field?: string;
}

export const CONSTRAINT_MESSAGES: Readonly<Record<string, ConstraintMessage>> = {
  service_plans_in_service_unique: {
    message: 'This child already has a plan in service in this programme with this organisation; close it, or revise it with Clone',
    field: 'child_id',
  },
  service_plans_revision_unique: {
    message: 'This child already has a draft or pending plan in this programme with this organisation; finish or close it before starting another',
    field: 'child_id',
  },
  service_plans_placement_child_foreign: {
    message: "An SHSS plan is about its placement's child: a placement with plans keeps its child, and a plan names its placement's child",
    field: 'child_id',
  },
  report_submissions_frozen: {
    message: 'A submission is never changed or deleted: submit a new revision, with its reason, instead',
  },
  report_submissions_revision_unique: {
    message: 'Another submission for this organisation and period was made at the same moment: reload and submit again',
    field: 'revision',
  },
  monthly_check_ins_service_plan_id_month_unique: {
    message: 'This plan already has a check-in for that month: open that one instead',
    field: 'month',
  },
};
