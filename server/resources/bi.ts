import { scopeSharedRecords, scopeWithParent } from '../access/sharing';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { say } from '../messages';
import { Dashboard, DashboardCard, Question, ReportDelivery, ReportSubscription, User } from '../models';
import type { BaseModel } from '../models/BaseModel';
import { checkDashboardFilters } from '../questions/dashboardFilters';
import { checkSpec } from '../questions/spec';
import { resolveField } from '../questions/fields';
import { cronProblem } from '../subscriptions/schedule';
import { applyScope } from '../access/scope';
import { EVERYONE, NOBODY } from '../access/roles';
import { allOf, type WriteHook } from './fieldRules';
import type { ResourceDeclaration, Scope, WriteContext } from './types';

/**
 * Questions, dashboards, their cards and report subscriptions (docs/questions.md): records
 * their owners make and share. Anyone may make them; a user sees its own and those shared
 * with it, and only the owner (or a system administrator) changes one.
 */

type Owned = BaseModel & { owner_id: number };
type Shared = Owned & { organization_id: number | null; shared_with: string; shared_roles: string[] };

const ownerOnCreate: WriteHook<Owned> = (ctx) => {
  if (ctx.action === 'create') ctx.data.owner_id = ctx.user.id;
};

function ownerEdits(what: string): WriteHook<Owned> {
  return (ctx) => {
    if (ctx.action === 'create' || ctx.user.role === 'system_admin') return;
    if (Number(ctx.before?.owner_id) !== ctx.user.id) throw new ForbiddenError(say('owner_changes_only', { what }));
  };
}

/** Shared with roles names them; shared otherwise lists none. The organisation is the owner's. */
const sharingRules: WriteHook<Shared> = (ctx) => {
  if (ctx.action === 'delete') return;
  if (ctx.action === 'create') ctx.data.organization_id = ctx.user.organization_id;
  if (ctx.data.shared_with === 'roles' && !ctx.data.shared_roles?.length) {
    throw new ValidationError(say('share_name_roles'), { shared_roles: say('field_name_a_role') });
  }
  if (ctx.data.shared_with !== 'roles') ctx.data.shared_roles = [];
};

const SHARED_FILTERS = ['owner_id', 'organization_id', 'shared_with', 'created_at', 'updated_at'];
const SHARED_SORTS = ['title', 'owner_id', 'shared_with', 'created_at', 'updated_at'];
const SHARED_REFERENCES = { owner_id: 'users', organization_id: 'organizations' };
const ANYONE_OWNS = { read: EVERYONE, create: EVERYONE, update: EVERYONE, delete: EVERYONE };

/** A spec is saved only as it could be asked: same checks, same 400s, under the `spec` field. */
const specIsAQuestion: WriteHook<Question> = (ctx) => {
  if (ctx.action === 'delete' || ctx.data.spec === undefined) return;
  try {
    checkSpec(ctx.data.spec, { resources: ctx.resources, user: ctx.user });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.said, { spec: error.said });
  }
};

const questionsScope = scopeSharedRecords();

export const questions: ResourceDeclaration<Question> = {
  name: 'questions',
  model: Question,
  filters: [...SHARED_FILTERS, 'visualization'],
  sorts: [...SHARED_SORTS, 'visualization'],
  defaultSort: ['title', 'ASC'],
  search: ['title', 'description'],
  references: SHARED_REFERENCES,
  access: ANYONE_OWNS,
  serverFields: ['owner_id', 'organization_id'],
  scope: questionsScope,
  beforeWrite: allOf<Question>(ownerEdits('question'), ownerOnCreate, sharingRules, specIsAQuestion),
};

/** One default dashboard, everyone's landing page, which only a system administrator sets. */
const defaultDashboardRules: WriteHook<Dashboard> = async (ctx) => {
  if (ctx.action === 'delete') return;
  if (ctx.data.is_default && !ctx.before?.is_default && ctx.user.role !== 'system_admin') {
    throw new ForbiddenError(say('default_dashboard_admin'));
  }
  if (ctx.data.filters !== undefined) ctx.data.filters = checkDashboardFilters(ctx.data.filters);
  if (ctx.data.is_default && !ctx.before?.is_default) {
    await ctx.trx('dashboards').where({ is_default: true }).update({ is_default: false });
  }
};

const dashboardsScope = scopeSharedRecords({ everyoneSees: 'is_default' });

export const dashboards: ResourceDeclaration<Dashboard> = {
  name: 'dashboards',
  model: Dashboard,
  filters: [...SHARED_FILTERS, 'is_default'],
  sorts: [...SHARED_SORTS, 'is_default'],
  defaultSort: ['title', 'ASC'],
  search: ['title', 'description'],
  references: SHARED_REFERENCES,
  access: ANYONE_OWNS,
  serverFields: ['owner_id', 'organization_id'],
  scope: dashboardsScope,
  beforeWrite: allOf<Dashboard>(ownerEdits('dashboard'), ownerOnCreate, sharingRules, defaultDashboardRules),
};

/** A record of `model` the writer can see through `scope`, or 404 naming the field. */
async function visibleRecord<M extends BaseModel>(ctx: WriteContext<any>, model: typeof BaseModel, scope: Scope, id: unknown, field: string): Promise<M> {
  const record = await applyScope(model.query(ctx.trx), scope, ctx.user).findById(id as number);
  if (!record) throw new NotFoundError(say('record_not_found', { records: model.tableName, id: String(id) }), { [field]: say('field_no_such_record') });
  return record as M;
}

/**
 * A card is its dashboard owner's to place; its question must be one the owner can see. Its
 * linked-filter fields, when set, are fields of the question's resource: a date filter for
 * the period, any filter (`service_plan_id.organization_id`) for the organisation.
 */
const cardRules: WriteHook<DashboardCard> = async (ctx) => {
  const dashboardId = ctx.action === 'create' ? ctx.data.dashboard_id : ctx.before!.dashboard_id;
  if (dashboardId === undefined || dashboardId === null) return;
  const dashboard = await visibleRecord<Dashboard>(ctx, Dashboard, dashboardsScope, dashboardId, 'dashboard_id');
  if (ctx.user.role !== 'system_admin' && Number(dashboard.owner_id) !== ctx.user.id) {
    throw new ForbiddenError(say('card_owner_only'));
  }
  if (ctx.action === 'delete') return;
  if (ctx.data.dashboard_id !== undefined && Number(ctx.data.dashboard_id) !== Number(dashboardId)) {
    throw new ValidationError(say('card_stays'), { dashboard_id: say('field_cannot_change') });
  }
  if ((ctx.data.question_id ?? null) === null === ((ctx.data.report_card ?? null) === null)) {
    throw new ValidationError(say('card_question_or_report'), { question_id: say('field_question_or_report') });
  }
  if ((ctx.data.x ?? 0) + (ctx.data.w ?? 6) > 12) throw new ValidationError(say('card_past_grid'), { w: say('field_card_width') });
  if (!ctx.data.question_id) {
    if (ctx.data.period_field || ctx.data.organization_field) {
      throw new ValidationError(say('card_builtin_period'), { period_field: say('field_question_cards_only') });
    }
    return;
  }
  const question = await visibleRecord<Question>(ctx, Question, questionsScope, ctx.data.question_id, 'question_id');
  checkLinkedField(ctx, question, 'period_field', true);
  checkLinkedField(ctx, question, 'organization_field', false);
};

function checkLinkedField(ctx: WriteContext<DashboardCard>, question: Question, name: 'period_field' | 'organization_field', date: boolean) {
  const path = ctx.data[name];
  if (!path) return;
  const declaration = ctx.resources.find((r) => r.name === question.spec.resource);
  const field = declaration ? resolveField(declaration, path, { resources: ctx.resources, user: ctx.user }) : null;
  const filterable = field !== null && field.owner.filters.includes(field.field.name);
  if (!filterable || (date && field!.field.type !== 'date')) {
    throw new ValidationError(say(date ? 'card_not_date_filter' : 'card_not_filter', { path, resource: question.spec.resource }), { [name]: say(date ? 'field_question_date_filter' : 'field_question_filter') });
  }
}

export const dashboardCards: ResourceDeclaration<DashboardCard> = {
  name: 'dashboard_cards',
  model: DashboardCard,
  filters: ['dashboard_id', 'question_id', 'report_card'],
  sorts: ['y', 'x', 'dashboard_id', 'created_at'],
  defaultSort: ['y', 'ASC'],
  references: { dashboard_id: 'dashboards', question_id: 'questions' },
  access: ANYONE_OWNS,
  scope: scopeWithParent('dashboard_id', Dashboard, dashboardsScope),
  beforeWrite: cardRules,
};

/**
 * A subscription sends what its owner can see (a visible dashboard) to users its owner can see
 * (active ones); each recipient then gets the numbers of its own scope. The schedule is a
 * five-field cron expression or the fiscal calendar's periods; `next_run_at` is the delivery
 * job's to set (again after every change of the schedule).
 */
const subscriptionRules: WriteHook<ReportSubscription> = async (ctx) => {
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  if ((data.dashboard_id ?? null) === null === ((data.report ?? null) === null)) {
    throw new ValidationError(say('subscription_one_target'), { dashboard_id: say('field_dashboard_or_report') });
  }
  if (data.dashboard_id) await visibleRecord(ctx, Dashboard, dashboardsScope, data.dashboard_id, 'dashboard_id');
  if (data.schedule_kind === 'cron') {
    const problem = data.cron ? cronProblem(data.cron) : say('field_cron_required');
    if (problem) throw new ValidationError(say('cron_invalid', { problem: problem.text }), { cron: problem });
    data.fiscal_periods = null;
  } else if (data.schedule_kind === 'fiscal') {
    if (!data.fiscal_periods?.length) throw new ValidationError(say('fiscal_periods_choose'), { fiscal_periods: say('field_fiscal_required') });
    data.cron = null;
  }
  await checkRecipients(ctx, data.recipient_ids ?? []);
  const scheduleChanged = ['schedule_kind', 'cron', 'fiscal_periods', 'active'].some((f) => JSON.stringify(ctx.before?.[f as 'cron'] ?? null) !== JSON.stringify(data[f as 'cron'] ?? null));
  if (ctx.action === 'create' || scheduleChanged) data.next_run_at = null;
};

async function checkRecipients(ctx: WriteContext<ReportSubscription>, ids: number[]) {
  const users = ctx.resources.find((r) => r.name === 'users')!;
  const found = await applyScope(User.query(ctx.trx), users.scope, ctx.user).whereIn('users.id', ids).where('users.active', true).select('users.id');
  const missing = ids.filter((id) => !found.some((user: { id: number }) => Number(user.id) === Number(id)));
  if (missing.length) {
    throw new NotFoundError(say('no_such_recipients', { ids: missing.join(', ') }), { recipient_ids: say('field_no_such_users', { ids: missing.join(', ') }) });
  }
}

export const reportSubscriptions: ResourceDeclaration<ReportSubscription> = {
  name: 'report_subscriptions',
  model: ReportSubscription,
  filters: ['owner_id', 'dashboard_id', 'report', 'schedule_kind', 'active', 'next_run_at', 'last_run_at'],
  sorts: ['title', 'next_run_at', 'last_run_at', 'created_at'],
  defaultSort: ['title', 'ASC'],
  search: ['title'],
  references: { owner_id: 'users', dashboard_id: 'dashboards' },
  access: ANYONE_OWNS,
  serverFields: ['owner_id', 'next_run_at', 'last_run_at'],
  scope: (user) => (user.role === 'system_admin' ? 'all' : (qb) => void qb.where('report_subscriptions.owner_id', user.id)),
  beforeWrite: allOf<ReportSubscription>(ownerEdits('subscription'), ownerOnCreate, subscriptionRules),
};

/** A delivery is seen by its recipient and by the subscription's owner. */
export const reportDeliveries: ResourceDeclaration<ReportDelivery> = {
  name: 'report_deliveries',
  model: ReportDelivery,
  filters: ['subscription_id', 'job_run_id', 'recipient_id', 'status', 'scheduled_for', 'sent_at'],
  sorts: ['scheduled_for', 'sent_at', 'status', 'recipient_id'],
  defaultSort: ['scheduled_for', 'DESC'],
  search: ['email', 'error'],
  references: { subscription_id: 'report_subscriptions', job_run_id: 'job_runs', recipient_id: 'users' },
  access: { read: EVERYONE, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: (user) =>
    user.role === 'system_admin'
      ? 'all'
      : (qb) =>
          void qb.where((mine) =>
            mine
              .where('report_deliveries.recipient_id', user.id)
              .orWhereIn('report_deliveries.subscription_id', ReportSubscription.query().select('id').where('owner_id', user.id)),
          ),
};

export const biResources: ResourceDeclaration[] = [questions, dashboards, dashboardCards, reportSubscriptions, reportDeliveries];
