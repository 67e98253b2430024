import { scopeAll } from '../access/scope';
import { ComplianceSetting } from '../models';
import { EVERYONE, NOBODY, SYSTEM_ADMIN } from '../access/roles';
import type { ResourceDeclaration } from './types';

/**
 * The days the compliance calendar's configurable rules count. The rows are the rules' own
 * (installed by migration 20261201140000, one per COMPLIANCE_SETTINGS): a system administrator
 * changes their days, nobody adds or removes one.
 */
export const complianceSettings: ResourceDeclaration<ComplianceSetting> = {
  name: 'compliance_settings',
  model: ComplianceSetting,
  filters: ['days'],
  sorts: ['code', 'label', 'days'],
  defaultSort: ['code', 'ASC'],
  search: ['code', 'label'],
  access: { read: EVERYONE, create: NOBODY, update: SYSTEM_ADMIN, delete: NOBODY },
  scope: scopeAll,
};

export const complianceResources: ResourceDeclaration[] = [complianceSettings];
