import { PLACEMENT_CONTRACT_PROGRAMS } from '../../contract/enums';
import { RuleError } from '../errors';

/**
 * Placements, their support requests and their payments are paid under an SHSS or a Family
 * Connections Centres contract; a CSP contract funds coordination, not placements.
 */
export function requirePlacementContract(contract: { program: string; contract_number: string }): void {
  if ((PLACEMENT_CONTRACT_PROGRAMS as readonly string[]).includes(contract.program)) return;
  throw new RuleError(`Contract ${contract.contract_number} is a ${contract.program} contract; placements and their funding are paid under an SHSS or FCC contract`, {
    contract_id: 'is not an SHSS or FCC contract',
  });
}
