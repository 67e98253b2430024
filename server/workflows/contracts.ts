import { PLACEMENT_CONTRACT_PROGRAMS } from '../../contract/enums';
import { RuleError } from '../errors';
import { say } from '../messages';

/**
 * Placements, their support requests and their payments are paid under an SHSS or a Family
 * Connections Centres contract; a CSP contract funds coordination, not placements.
 */
export function requirePlacementContract(contract: { program: string; contract_number: string }): void {
  if ((PLACEMENT_CONTRACT_PROGRAMS as readonly string[]).includes(contract.program)) return;
  throw new RuleError(say('contract_not_placement', { number: contract.contract_number, program: contract.program }), {
    contract_id: say('field_not_shss_or_fcc'),
  });
}
