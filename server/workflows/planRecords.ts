import { refuseWhenPlanClosed } from './servicePlans';

/**
 * The records that hang off a plan (care circle members, plan services, progress reviews,
 * tasks) are read-only once the plan is closed; their own field rules live in their
 * declarations.
 */
export const checkPlanRecordWrite = refuseWhenPlanClosed;
