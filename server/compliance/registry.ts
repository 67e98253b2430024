import { COMPLIANCE_RULES, type ComplianceRule } from '../../contract/enums';
import { cspPlanInactive } from './rules/cspPlanInactive';
import { cspReferralWaiting } from './rules/cspReferralWaiting';
import { monthlyCheckIn } from './rules/monthlyCheckIn';
import { planClosing } from './rules/planClosing';
import { progressReview } from './rules/progressReview';
import { shssPlanDue } from './rules/shssPlanDue';
import { supportRequestDraft } from './rules/supportRequestDraft';
import type { ComplianceRuleDefinition } from './types';

/** Every rule of the compliance calendar, by key; COMPLIANCE_RULES (contract/enums.ts) is their order. */
const BY_KEY: Record<ComplianceRule, ComplianceRuleDefinition> = {
  shss_plan_due: shssPlanDue,
  monthly_check_in: monthlyCheckIn,
  progress_review: progressReview,
  plan_closing: planClosing,
  csp_plan_inactive: cspPlanInactive,
  csp_referral_waiting: cspReferralWaiting,
  support_request_draft: supportRequestDraft,
};

export const complianceRules: readonly ComplianceRuleDefinition[] = COMPLIANCE_RULES.map((key) => BY_KEY[key]);
