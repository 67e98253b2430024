import { PLACEMENT_CONTRACT_PROGRAMS, type ContractProgram } from '../../contract/enums';

/**
 * Which programme area a resource or report belongs to (/api/meta: the dashboard shows an
 * organisation the areas of the programmes it holds contracts in). Resources every programme
 * shares — children, referrals, plans and their reviews, events, tasks — name none.
 */

/** The providers' side: homes, placements, logs, check-ins, funding and payments (SHSS, and FCC with it). */
export const PROVIDER_PROGRAMS: readonly ContractProgram[] = PLACEMENT_CONTRACT_PROGRAMS;

/** The coordinating agencies' side: service time, SPC staffing, complaints, CSP reports. */
export const CSP_PROGRAMS: readonly ContractProgram[] = ['CSP'];
