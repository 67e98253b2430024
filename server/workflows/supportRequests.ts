import type { Knex } from 'knex';
import { CASE_MANAGERS, FINANCE } from '../access/roles';
import { scopeByPlacement } from '../access/scope';
import { rowTimestamps } from '../db/clock';
import { Placement } from '../models/Placement';
import { ConflictError, RuleError, ValidationError, type FieldErrors } from '../errors';
import { say, type Message } from '../messages';
import type { Contract } from '../models/Contract';
import type { SupportRequest } from '../models/SupportRequest';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult, type Row, type WriteContext } from '../resources/types';
import { startOfMonth, monthsBetween, today } from '../dates';
import { requirePlacementContract } from './contracts';
import { findVisible, requireStatus } from './guards';

/**
 * Requests for additional support funding. A provider saves a draft (partial is fine, but what
 * is there must be valid), submits it complete, and ministry finance approves it, which
 * schedules its payments, or rejects it. Only a draft can be edited.
 */
const AMOUNT_MESSAGE = say('amount_positive');
/** Approved funding of this type is paid as `transition_in`, everything else as `support`. */
export const TRANSITION_IN_TYPE = 'legacy_transition_in';

const STAFFING_FIELDS = ['staffing_position', 'staffing_hours', 'staffing_grid_level'] as const;

interface TypeRow {
  code: string;
  label: string;
  parent_code: string | null;
  requires_staffing_details: boolean;
  legacy_only: boolean;
  active: boolean;
}

interface Parents {
  placement: Row<Placement>;
  organizationId: number;
  contract: Row<Contract> | null;
  type: TypeRow | null;
  subType: TypeRow | null;
}

function checkAmount(amount: unknown): void {
  if (amount === undefined || amount === null) return;
  if (typeof amount === 'number' && amount <= 0) throw new ValidationError(AMOUNT_MESSAGE, { amount: AMOUNT_MESSAGE });
}

/** Loads what a request refers to, checking each belongs with the others (the rules that hold even for a draft). */
async function loadParents(
  trx: Knex.Transaction,
  ctx: Pick<WriteContext, 'user'>,
  data: Partial<Row<SupportRequest>>,
  options: { changedType: boolean; defaultContract: boolean },
): Promise<Parents> {
  const placement = await findVisible(trx, ctx.user, Placement, scopeByPlacement('id'), data.placement_id, 'placement');
  data.child_id ??= placement.child_id;
  if (options.defaultContract && data.contract_id == null) data.contract_id = placement.contract_id;
  if (placement.child_id !== data.child_id) {
    throw new RuleError(say('placement_other_child', { id: placement.id }), { placement_id: say('field_other_child_placement') });
  }
  const place = await trx('places_of_service').where({ id: placement.place_of_service_id }).first('organization_id');
  const contract = data.contract_id ? await trx('contracts').where({ id: data.contract_id }).first() : null;
  if (data.contract_id && !contract) throw new RuleError(say('no_such_contract', { id: data.contract_id }), { contract_id: say('field_no_such_contract') });
  if (contract) requirePlacementContract(contract);
  if (contract && contract.organization_id !== place.organization_id) {
    throw new RuleError(say('contract_other_organization', { number: contract.contract_number }), { contract_id: say('field_other_organization_contract') });
  }

  const type: TypeRow | undefined = await trx('support_request_types').where({ code: data.type_code ?? null }).first();
  if (!type) throw new RuleError(say('no_such_support_type', { code: String(data.type_code) }), { type_code: say('field_no_such_type') });
  if (type.parent_code) {
    throw new RuleError(say('support_type_is_sub_type', { label: type.label, parent: type.parent_code }), { type_code: say('field_is_sub_type') });
  }
  let subType: TypeRow | null = null;
  if (data.sub_type_code) {
    subType = (await trx('support_request_types').where({ code: data.sub_type_code }).first()) ?? null;
    if (!subType) throw new RuleError(say('no_such_support_sub_type', { code: String(data.sub_type_code) }), { sub_type_code: say('field_no_such_sub_type') });
    if (subType.parent_code !== type.code) {
      throw new RuleError(say('sub_type_mismatch', { label: subType.label, type: type.label }), { sub_type_code: say('field_not_sub_type_of', { code: type.code }) });
    }
  }
  if (options.changedType) {
    for (const [field, row] of [['type_code', type], ['sub_type_code', subType]] as const) {
      if (row && !row.active) throw new RuleError(say('type_retired', { label: row.label }), { [field]: say('field_no_longer_offered') });
    }
  }
  const legacyOnly = [type, subType].find((row) => row?.legacy_only);
  if (legacyOnly && contract && !contract.is_legacy) {
    throw new RuleError(say('type_legacy_only', { label: legacyOnly.label, number: contract.contract_number }), {
      [legacyOnly === type ? 'type_code' : 'sub_type_code']: say('field_legacy_only'),
    });
  }
  return { placement, organizationId: place.organization_id, contract, type, subType };
}

/** What a request must carry to be submitted; fills a one-time request's end date from its start. */
function checkComplete(data: Partial<Row<SupportRequest>>, parents: Parents): void {
  const errors: FieldErrors = {};
  const messages: string[] = [];
  const fail = (field: string, message: Message, fieldMessage = message) => {
    errors[field] ??= fieldMessage;
    messages.push(message.text);
  };
  if (typeof data.amount !== 'number' || data.amount <= 0) fail('amount', AMOUNT_MESSAGE);
  if (!data.contract_id) fail('contract_id', say('choose_contract'), say('field_required_to_submit'));
  if (!data.start_date) fail('start_date', say('enter_start_date'), say('field_required_to_submit'));
  if (data.frequency === 'one_time' && data.start_date && !data.end_date) data.end_date = data.start_date;
  if (!data.end_date) fail('end_date', say('enter_end_date_monthly'), say('field_required_to_submit'));
  const staffing = [parents.type, parents.subType].find((row) => row?.requires_staffing_details);
  if (staffing) {
    for (const field of STAFFING_FIELDS) {
      if (data[field] === null || data[field] === undefined || data[field] === '') {
        fail(field, say('staffing_details_required', { label: staffing.label }), say('field_required_for_type'));
      }
    }
  }
  if (messages.length || !data.start_date || !data.end_date) throw new RuleError(say('support_request_incomplete', { problems: [...new Set(messages)].join('; '), fields: Object.keys(errors).join(', ') }), errors);
  checkDates({ start_date: data.start_date, end_date: data.end_date, frequency: data.frequency }, parents);
}

function checkDates(data: { start_date: string; end_date: string; frequency: Row<SupportRequest>['frequency'] | undefined }, parents: Parents): void {
  const { placement, contract } = parents;
  const start = data.start_date;
  const end = data.end_date;
  if (start > end) throw new RuleError(say('start_after_end'), { end_date: say('field_on_or_after_start') });
  if (start < placement.start_date || (placement.end_date && end > placement.end_date)) {
    throw new RuleError(
      placement.end_date ? say('dates_outside_placement', { from: placement.start_date, to: placement.end_date }) : say('dates_outside_open_placement', { from: placement.start_date }),
      { [start < placement.start_date ? 'start_date' : 'end_date']: say('field_outside_placement') },
    );
  }
  if (contract && (start < contract.start_date || (contract.end_date && end > contract.end_date))) {
    throw new RuleError(
      contract.end_date
        ? say('dates_outside_contract', { number: contract.contract_number, from: contract.start_date, to: contract.end_date })
        : say('dates_outside_open_contract', { number: contract.contract_number, from: contract.start_date }),
      { [start < contract.start_date ? 'start_date' : 'end_date']: say('field_outside_contract') },
    );
  }
  if (placement.status === 'ended' && data.frequency === 'monthly') {
    throw new RuleError(say('placement_ended_one_time', { date: String(placement.end_date) }), { frequency: say('field_one_time_after_end') });
  }
}

/** Only a draft request changes, or takes and loses attachments. */
export function refuseWhenRequestReadOnly(_db: unknown, request: Pick<Row<SupportRequest>, 'status'>): void {
  if (request.status !== 'draft') {
    throw new ConflictError(say('support_request_not_draft', { status: request.status }), { status: say('field_is_status', { status: request.status }) }, 'read_only');
  }
}

/** beforeWrite of support_requests. */
export async function checkSupportRequestWrite(ctx: WriteContext<SupportRequest>): Promise<void> {
  const { trx, action, before, data } = ctx;
  if (before && (action === 'update' || ctx.user.role !== 'system_admin')) refuseWhenRequestReadOnly(trx, before);
  if (action === 'delete') return;
  checkAmount(data.amount);
  if (data.start_date && data.end_date && data.start_date > data.end_date) {
    throw new RuleError(say('start_after_end'), { end_date: say('field_on_or_after_start') });
  }
  const changedType = !before || before.type_code !== data.type_code || before.sub_type_code !== data.sub_type_code;
  const parents = await loadParents(trx, ctx, data, { changedType, defaultContract: action === 'create' });
  if (data.status && data.status !== 'draft') checkComplete(data, parents);
}

type RequestAction = ActionContext<SupportRequest>;
type RequestResult = Promise<ActionResult<SupportRequest>>;

async function submit(ctx: RequestAction): RequestResult {
  requireStatus('support_request', ctx.record, ['draft'], 'submitted');
  const data = { ...ctx.record };
  const parents = await loadParents(ctx.trx, ctx, data, { changedType: true, defaultContract: false });
  checkComplete(data, parents);
  return { patch: { status: 'submitted', end_date: data.end_date, submitted_at: ctx.clock().toISOString() } };
}

function decision(status: 'approved' | 'rejected', ctx: Pick<RequestAction, 'clock' | 'user'>, reason: string | null = null) {
  return { patch: { status, decided_at: ctx.clock().toISOString(), decided_by: ctx.user.id, decision_reason: reason } };
}

/** The payments an approved request generates: one, or one per service month. */
function paymentsFor(request: Row<SupportRequest>, scheduledOn: string) {
  const { start_date: start, end_date: end } = request;
  // submitting required both dates (checkComplete); a request without them cannot have reached approval
  if (!start || !end) throw new RuleError(say('support_request_dates_to_approve'), { start_date: say('field_required_to_approve') });
  const months = request.frequency === 'monthly' ? monthsBetween(start, end) : [startOfMonth(start)];
  return months.map((service_month) => ({
    contract_id: request.contract_id,
    placement_id: request.placement_id,
    support_request_id: request.id,
    kind: request.type_code === TRANSITION_IN_TYPE ? 'transition_in' : 'support',
    service_month,
    amount: request.amount,
    status: 'scheduled',
    scheduled_on: scheduledOn,
  }));
}

async function approve(ctx: RequestAction): RequestResult {
  requireStatus('support_request', ctx.record, ['submitted'], 'approved');
  const payments = await ctx.trx('payments').insert(paymentsFor(ctx.record, today(ctx.clock)).map((payment) => ({ ...payment, ...rowTimestamps(ctx.trx) }))).returning('*');
  for (const payment of payments) await ctx.audit({ action: 'create', resource: 'payments', record_id: payment.id, after: payment });
  return decision('approved', ctx);
}

/** Finance says why it rejects: the provider reads it on the request. */
const REJECT_INPUT = actionInput([{ name: 'decision_reason', type: 'text', required: true }]);

async function reject(ctx: ActionContext<SupportRequest, typeof REJECT_INPUT>): RequestResult {
  requireStatus('support_request', ctx.record, ['submitted'], 'rejected');
  return decision('rejected', ctx, ctx.input.decision_reason);
}

async function cancel(ctx: RequestAction): RequestResult {
  requireStatus('support_request', ctx.record, ['draft', 'submitted'], 'cancelled');
  return { patch: { status: 'cancelled' } };
}

export const supportRequestActions: readonly ActionDeclaration<SupportRequest>[] = [
  { name: 'submit', label: 'Submit to the ministry', roles: CASE_MANAGERS, fromStatus: ['draft'], run: submit },
  { name: 'approve', label: 'Approve', roles: FINANCE, fromStatus: ['submitted'], run: approve },
  { name: 'reject', label: 'Reject', roles: FINANCE, fromStatus: ['submitted'], input: REJECT_INPUT, run: reject },
  { name: 'cancel', label: 'Cancel request', roles: CASE_MANAGERS, fromStatus: ['draft', 'submitted'], run: cancel },
];
