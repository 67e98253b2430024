import { DATA_QUALITY_CHECKS, type DataQualityCheck } from '../../contract/enums';
import { checkInsNotSent } from './checks/checkInsNotSent';
import { childrenImpossibleBirthDate } from './checks/childrenImpossibleBirthDate';
import { paymentsPaidWithoutCas } from './checks/paymentsPaidWithoutCas';
import { placementsPastEndActive } from './checks/placementsPastEndActive';
import { plansWithoutCareCircle } from './checks/plansWithoutCareCircle';
import { referralsUndecided } from './checks/referralsUndecided';
import { supportRequestDatesOutside } from './checks/supportRequestDatesOutside';
import type { DataQualityCheckDefinition } from './types';

/** Every check of the data-quality scorecard, by key; DATA_QUALITY_CHECKS (contract/enums.ts) is their order. */
const BY_KEY: Record<DataQualityCheck, DataQualityCheckDefinition> = {
  referrals_undecided: referralsUndecided,
  support_request_dates_outside: supportRequestDatesOutside,
  plans_without_care_circle: plansWithoutCareCircle,
  children_impossible_birth_date: childrenImpossibleBirthDate,
  placements_past_end_active: placementsPastEndActive,
  check_ins_not_sent: checkInsNotSent,
  payments_paid_without_cas: paymentsPaidWithoutCas,
};

export const dataQualityChecks: readonly DataQualityCheckDefinition[] = DATA_QUALITY_CHECKS.map((key) => BY_KEY[key]);

export function findCheck(key: string): DataQualityCheckDefinition | undefined {
  return dataQualityChecks.find((check) => check.key === key);
}
