import type { ContractProgram } from '../../../contract/enums';
import type { Meta } from '../../../contract/meta';

/**
 * Whether an area of the portal — a resource or report with its programmes, `null` for what
 * every programme shares — is one the caller's organisation works in (`/api/meta` `programs`,
 * from its contracts). A provider without an FCC contract sees no FCC-only area; an agency
 * working in CSP does not see the providers' homes and payments.
 */
export function inProgramArea(meta: Pick<Meta, 'programs'> | null | undefined, programs: readonly ContractProgram[] | null | undefined): boolean {
  if (!meta || !programs) return true;
  return programs.some(program => meta.programs.includes(program));
}

/** The programme area of a report of /api/meta (`null`: all, or unknown). */
export function reportPrograms(meta: Pick<Meta, 'reports'> | null | undefined, name: string): readonly ContractProgram[] | null {
  return meta?.reports.find(r => r.name === name)?.programs ?? null;
}
