import { biResources } from './bi';
import { caseResources } from './cases';
import { complianceResources } from './compliance';
import { importResources } from './imports';
import { moneyResources } from './money';
import { peopleResources } from './people';
import { planResources } from './plans';
import { submissionResources } from './submissions';
import { systemResources } from './system';
import type { ResourceDeclaration } from './types';

/** Every resource served under /api/<name>, in the order the dashboard's menu lists them. */
export const resources: ResourceDeclaration[] = [
  ...caseResources,
  ...planResources,
  ...moneyResources,
  ...peopleResources,
  ...systemResources,
  ...biResources,
  ...complianceResources,
  ...importResources,
  ...submissionResources,
];

const byName = new Map(resources.map((declaration) => [declaration.name, declaration]));

export function findResource(name: string): ResourceDeclaration | undefined {
  return byName.get(name);
}
