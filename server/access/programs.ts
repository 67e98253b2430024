import type { Knex } from 'knex';
import { CONTRACT_PROGRAMS, type ContractProgram } from '../../contract/enums';
import { isGlobalReader, type CurrentUser } from './roles';

/**
 * The programmes a user's organisation works in: those of its contracts, past or present (a
 * provider holding SHSS and Family Connections Centres contracts works in both). The ministry
 * and system roles work across all of them; an organisation without contracts in none, and its
 * users then see only what every organisation shares.
 */
export async function organizationPrograms(knex: Knex, user: CurrentUser): Promise<ContractProgram[]> {
  if (isGlobalReader(user)) return [...CONTRACT_PROGRAMS];
  if (user.organization_id == null) return [];
  const held: string[] = await knex('contracts').where({ organization_id: user.organization_id }).distinct().pluck('program');
  return CONTRACT_PROGRAMS.filter((program) => held.includes(program));
}
