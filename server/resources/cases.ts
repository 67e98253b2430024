import { scopeByChild, scopeByPlace, scopeByPlacement, scopeByReferral } from '../access/scope';
import { ForbiddenError, RuleError } from '../errors';
import { say } from '../messages';
import { Child, Placement, Referral, ReferralChild, RespiteStay } from '../models';
import { CASE_MANAGERS, EVERYONE, FRONT_LINE, PLANNERS, SYSTEM_ADMIN } from '../access/roles';
import { today } from '../dates';
import { allOf, ownOrganizationOnly, type WriteHook } from './fieldRules';
import { PROVIDER_PROGRAMS } from './programAreas';
import type { ResourceDeclaration } from './types';
import { requirePlacementContract } from '../workflows/contracts';
import { placementActions } from '../workflows/placements';
import { referralChildActions } from '../workflows/referralChildren';
import { checkRespiteStayWrite, respiteStayActions, sendRespiteStayChange } from '../workflows/respiteStays';

/** Children, their referrals and placements. */

const birthDateNotInFuture: WriteHook<Child> = (ctx) => {
  if (ctx.action === 'delete' || !ctx.data.birth_date) return;
  if (String(ctx.data.birth_date) > today(ctx.clock)) {
    throw new RuleError(say('birth_date_in_future'), { birth_date: say('field_in_future') });
  }
};

/** Lets the registering organisation see the child until a referral or placement names it. */
const rememberRegisteringOrganization: WriteHook<Child> = (ctx) => {
  if (ctx.action === 'create') ctx.data.registered_by_organization_id = ctx.user.organization_id;
};

export const children: ResourceDeclaration<Child> = {
  name: 'children',
  model: Child,
  filters: ['birth_date', 'gender', 'indigenous_identity', 'in_school', 'service_delivery_area', 'archived_at'],
  sorts: ['last_name', 'first_name', 'preferred_name', 'birth_date', 'service_delivery_area', 'created_at', 'updated_at'],
  defaultSort: ['last_name', 'ASC'],
  search: ['first_name', 'last_name', 'preferred_name'],
  // Coordinators take in CSP referrals, which name the children they cover.
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: CASE_MANAGERS },
  references: { registered_by_organization_id: 'organizations' },
  serverFields: ['archived_at', 'registered_by_organization_id'],
  archivable: true,
  scope: scopeByChild('id'),
  beforeWrite: allOf<Child>(birthDateNotInFuture, rememberRegisteringOrganization),
};

/** Coordinators work in CSP only. */
const coordinatorsWriteCspOnly: WriteHook<Referral> = (ctx) => {
  if (ctx.action === 'delete' || ctx.user.role !== 'coordinator') return;
  if (ctx.data.program !== 'CSP') {
    throw new ForbiddenError(say('coordinator_csp_only'));
  }
};

export const referrals: ResourceDeclaration<Referral> = {
  name: 'referrals',
  model: Referral,
  filters: ['organization_id', 'program', 'referral_date', 'source_type', 'is_warm', 'placed'],
  sorts: ['referral_date', 'program', 'source_type', 'organization_id', 'referrer_name', 'created_at'],
  defaultSort: ['referral_date', 'DESC'],
  search: ['referrer_name', 'source_detail'],
  child: { column: 'id', via: { table: 'referral_children', key: 'referral_id' } },
  references: { organization_id: 'organizations' },
  serverFields: ['placed'],
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  scope: scopeByReferral('id'),
  beforeWrite: allOf<Referral>(ownOrganizationOnly(), coordinatorsWriteCspOnly),
};

export const referralChildren: ResourceDeclaration<ReferralChild> = {
  name: 'referral_children',
  model: ReferralChild,
  filters: ['referral_id', 'child_id', 'eligibility', 'eligibility_decided_on', 'closed_on', 'csp_initiated_on', 'priority'],
  sorts: ['eligibility', 'eligibility_decided_on', 'closed_on', 'referral_id', 'child_id', 'created_at'],
  defaultSort: ['created_at', 'DESC'],
  search: ['closed_reason'],
  child: { column: 'child_id' },
  references: { referral_id: 'referrals', child_id: 'children' },
  serverFields: ['csp_initiated_on'],
  actionOnlyFields: ['priority', 'priority_reason'],
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  scope: scopeByReferral('referral_id'),
  actions: referralChildActions,
};

/**
 * A placement is created planned or active and may be interrupted; it ends only through the
 * End action (which notifies the plan editors), and an ended placement stays ended. A system
 * administrator may load a placement in any state.
 */
const placementEndsThroughAction: WriteHook<Placement> = (ctx) => {
  if (ctx.action === 'delete') return;
  const was = ctx.before?.status ?? null;
  const is = ctx.data.status;
  if (ctx.action === 'create' && ctx.user.role === 'system_admin') return;
  if (is === 'ended' && was !== 'ended') {
    throw new RuleError(say('placement_ends_by_action'), { status: say('field_use_end_action') });
  }
  if (was === 'ended' && is !== undefined && is !== 'ended') {
    throw new RuleError(say('placement_no_reopen'), { status: say('field_stays_ended') });
  }
};

/** A placement is paid under an SHSS or FCC contract. */
const contractPaysPlacements: WriteHook<Placement> = async (ctx) => {
  if (ctx.action === 'delete' || !ctx.data.contract_id || ctx.data.contract_id === ctx.before?.contract_id) return;
  const contract = await ctx.trx('contracts').where({ id: ctx.data.contract_id }).first('program', 'contract_number');
  if (contract) requirePlacementContract(contract);
};

export const placements: ResourceDeclaration<Placement> = {
  name: 'placements',
  model: Placement,
  filters: ['child_id', 'place_of_service_id', 'contract_id', 'referral_id', 'kind', 'status', 'start_date', 'end_date'],
  sorts: ['start_date', 'end_date', 'status', 'kind', 'child_id', 'place_of_service_id', 'created_at'],
  defaultSort: ['start_date', 'DESC'],
  search: ['end_reason'],
  child: { column: 'child_id' },
  references: {
    child_id: 'children',
    place_of_service_id: 'places_of_service',
    contract_id: 'contracts',
    referral_id: 'referrals',
  },
  access: { read: EVERYONE, create: CASE_MANAGERS, update: CASE_MANAGERS, delete: SYSTEM_ADMIN },
  actionOnlyFields: ['end_reason'],
  // The visible placements are those at the visible places (scope.ts): tested on the row's own
  // place rather than by probing each row's id in that set (a second read of the placements);
  // `(place_of_service_id, status)` then serves a status-filtered page (migration 20261204120000).
  scope: scopeByPlace(),
  // A place holds a hundred or so placements: at a million children the bench's page (167 in
  // scope) read 282 buffers in one step and 219 in two (with an index holding its first step),
  // yet PostgreSQL answered ~18% fewer of them a second in two (pgbench, 4 clients, five
  // alternations at load 9-10): the join costs more than the rows it spares.
  pageInOneStep: true,
  beforeWrite: allOf<Placement>(placementEndsThroughAction, contractPaysPlacements),
  actions: placementActions,
  programs: PROVIDER_PROGRAMS,
};

export const respiteStays: ResourceDeclaration<RespiteStay> = {
  name: 'respite_stays',
  model: RespiteStay,
  filters: ['placement_id', 'status', 'start_date', 'end_date', 'icm_status'],
  sorts: ['start_date', 'end_date', 'status', 'placement_id', 'created_at'],
  defaultSort: ['start_date', 'DESC'],
  search: ['notes'],
  references: { placement_id: 'placements' },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  actionOnlyFields: ['icm_status', 'icm_reference'],
  scope: scopeByPlacement(),
  beforeWrite: checkRespiteStayWrite,
  afterWrite: sendRespiteStayChange,
  actions: respiteStayActions,
  programs: PROVIDER_PROGRAMS,
};

export const caseResources: ResourceDeclaration[] = [children, referrals, referralChildren, placements, respiteStays];
