import { revokeUserApiKeys } from '../auth/apiKeys';
import { endUserSessions } from '../auth/sessions';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { scopeAll, scopeByOrganization, scopeByPlace, scopeOwnOrganization, scopePlacesOfService } from '../access/scope';
import { ForbiddenError, ValidationError } from '../errors';
import { say } from '../messages';
import { Contract, Organization, PlaceAssignment, PlaceOfService, ServiceType, User } from '../models';
import { EVERYONE, ORGANIZATION_ADMINS, ORGANIZATION_ROLES, SYSTEM_ADMIN } from '../access/roles';
import { allOf, ownOrganizationOnly, type WriteHook } from './fieldRules';
import { PROVIDER_PROGRAMS } from './programAreas';
import type { ResourceDeclaration } from './types';

/** Organisations, their places of service, users and contracts. */

export const organizations: ResourceDeclaration<Organization> = {
  name: 'organizations',
  model: Organization,
  filters: ['name', 'kind', 'service_delivery_area', 'active'],
  sorts: ['name', 'kind', 'service_delivery_area', 'created_at'],
  defaultSort: ['name', 'ASC'],
  search: ['name', 'service_delivery_area'],
  naturalKey: { field: 'name' },
  access: { read: EVERYONE, create: SYSTEM_ADMIN, update: SYSTEM_ADMIN, delete: SYSTEM_ADMIN },
  scope: scopeOwnOrganization,
};

export const placesOfService: ResourceDeclaration<PlaceOfService> = {
  name: 'places_of_service',
  model: PlaceOfService,
  filters: ['organization_id', 'service_type_code', 'region', 'capacity', 'active'],
  sorts: ['name', 'region', 'capacity', 'organization_id', 'service_type_code', 'created_at'],
  defaultSort: ['name', 'ASC'],
  search: ['name', 'region'],
  references: { organization_id: 'organizations', service_type_code: 'service_types' },
  access: { read: EVERYONE, create: ORGANIZATION_ADMINS, update: ORGANIZATION_ADMINS, delete: SYSTEM_ADMIN },
  scope: scopePlacesOfService,
  beforeWrite: ownOrganizationOnly(),
  programs: PROVIDER_PROGRAMS,
};

export const serviceTypes: ResourceDeclaration<ServiceType> = {
  name: 'service_types',
  model: ServiceType,
  filters: ['program', 'active'],
  sorts: ['code', 'label', 'program'],
  defaultSort: ['label', 'ASC'],
  search: ['code', 'label', 'label_fr'],
  access: { read: EVERYONE, create: SYSTEM_ADMIN, update: SYSTEM_ADMIN, delete: SYSTEM_ADMIN },
  scope: scopeAll,
};

/**
 * An organisation administrator manages its own organisation's users and may give them only
 * organisation roles; a ministry or system role is the system administrator's to give.
 */
const organizationAdminLimits: WriteHook<User> = (ctx) => {
  if (ctx.action === 'delete' || ctx.user.role !== 'org_admin') return;
  if (ctx.action === 'create' && (ctx.data.organization_id === undefined || ctx.data.organization_id === null)) {
    ctx.data.organization_id = ctx.user.organization_id;
  }
  if (ctx.data.role === undefined || !ORGANIZATION_ROLES.includes(ctx.data.role)) {
    throw new ForbiddenError(say('org_admin_roles_only', { roles: ORGANIZATION_ROLES.join(', ') }));
  }
};

/** `password` is write-only: it is checked, hashed into `password_hash`, and never stored as sent. */
const hashNewPassword: WriteHook<User, { password: string }> = async (ctx) => {
  if (ctx.action === 'delete') return;
  const { password } = ctx.data;
  delete ctx.data.password;
  if (password === undefined || password === null || password === '') return;
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError(problem, { password: problem });
  ctx.data.password_hash = await hashPassword(password as string);
};

/**
 * A password reset or a deactivation ends the user's sessions (a deactivation its API keys too);
 * a new role or organisation needs nothing here: every instance reads the user afresh once the
 * change commits (server/auth/sessionCache.ts).
 */
const endSessionsOnResetOrDeactivation: NonNullable<ResourceDeclaration<User, { password: string }>['afterWrite']> = async (ctx) => {
  if (!ctx.before) return;
  const userId = ctx.before.id;
  const deactivated = ctx.before.active === true && ctx.record.active === false;
  const passwordReset = ctx.data.password_hash !== ctx.before.password_hash;
  if (deactivated || passwordReset) await endUserSessions(ctx.trx, userId, ctx.clock());
  if (deactivated) await revokeUserApiKeys(ctx.trx, userId, ctx.clock());
};

const trimEmail: WriteHook<User> = (ctx) => {
  if (typeof ctx.data.email === 'string') ctx.data.email = ctx.data.email.trim();
};

export const users: ResourceDeclaration<User, { password: string }> = {
  name: 'users',
  model: User,
  filters: ['organization_id', 'role', 'active', 'last_login_at'],
  sorts: ['full_name', 'email', 'role', 'organization_id', 'last_login_at', 'created_at'],
  defaultSort: ['full_name', 'ASC'],
  search: ['full_name', 'email'],
  references: { organization_id: 'organizations' },
  naturalKey: { field: 'email', caseInsensitive: true },
  access: { read: EVERYONE, create: ORGANIZATION_ADMINS, update: ORGANIZATION_ADMINS, delete: SYSTEM_ADMIN },
  serverFields: ['last_login_at'],
  hiddenFields: ['password_hash'],
  writeOnlyFields: ['password'],
  scope: scopeByOrganization(),
  beforeWrite: allOf<User, { password: string }>(organizationAdminLimits, ownOrganizationOnly(), trimEmail, hashNewPassword),
  afterWrite: endSessionsOnResetOrDeactivation,
};

export const placeAssignments: ResourceDeclaration<PlaceAssignment> = {
  name: 'place_assignments',
  model: PlaceAssignment,
  filters: ['user_id', 'place_of_service_id', 'assigned_on', 'ended_on'],
  sorts: ['assigned_on', 'ended_on', 'user_id', 'place_of_service_id', 'created_at'],
  defaultSort: ['assigned_on', 'DESC'],
  references: { user_id: 'users', place_of_service_id: 'places_of_service' },
  access: { read: EVERYONE, create: ORGANIZATION_ADMINS, update: ORGANIZATION_ADMINS, delete: ORGANIZATION_ADMINS },
  scope: scopeByPlace(),
  programs: PROVIDER_PROGRAMS,
};

export const contracts: ResourceDeclaration<Contract> = {
  name: 'contracts',
  model: Contract,
  filters: ['organization_id', 'contract_number', 'program', 'is_legacy', 'start_date', 'end_date', 'monthly_base_amount'],
  sorts: ['contract_number', 'program', 'start_date', 'end_date', 'monthly_base_amount', 'organization_id'],
  defaultSort: ['contract_number', 'ASC'],
  search: ['contract_number'],
  naturalKey: { field: 'contract_number' },
  references: { organization_id: 'organizations' },
  access: { read: EVERYONE, create: SYSTEM_ADMIN, update: SYSTEM_ADMIN, delete: SYSTEM_ADMIN },
  scope: scopeByOrganization(),
};

export const peopleResources: ResourceDeclaration[] = [
  organizations,
  placesOfService,
  serviceTypes,
  users,
  placeAssignments,
  contracts,
];
