import type { BuiltInCard, DashboardFilterValues, QuestionAnswer } from '../../contract/questions';
import { DATE_CANDIDATES } from '../../contract/titles';
import type { CurrentUser } from '../access/roles';
import { applyScope } from '../access/scope';
import { addDays } from '../dates';
import { AppError, NotFoundError, ValidationError } from '../errors';
import { say } from '../messages';
import type { Dashboard, DashboardCard, Question } from '../models';
import { applyFilter, referencedResource, type FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration, Row } from '../resources/types';
import { askQuestion, type QuestionDeps } from './ask';
import { BUILT_IN } from './builtInCards';
import { runReport } from '../reports/run';
import { effectivePeriod } from './dashboardFilters';
import { resolveField } from './fields';

/**
 * A dashboard's cards run with the dashboard's linked filters (docs/questions.md): the period
 * on each question card's date field (the one the card names, else the field it is grouped
 * by month or week, else the date its resource is known by), the organisation on its
 * organisation field (`organization_id`, or one step through a reference), any other filter
 * where the card's resource has it; built-in cards take the period and organisation as their
 * report does. What a card could not apply it lists, so the dashboard can say so. Every card
 * runs as the viewer, in the viewer's scope.
 */
export interface CardAnswer {
  card: Row<DashboardCard>;
  /** the saved question a question card shows (shared through the dashboard) */
  question: Pick<Row<Question>, 'id' | 'title' | 'description' | 'visualization' | 'spec'> | null;
  report_card: BuiltInCard | null;
  /** the list filter the dashboard's filters became for this card (question cards) */
  filter: Record<string, unknown>;
  /** the dashboard filters this card could not apply */
  ignored_filters: string[];
  /** a question's answer, or the report's JSON (GET /api/reports/<name>) for a built-in card */
  answer: QuestionAnswer | Record<string, unknown> | null;
  /** why the card has no answer for this viewer (another card still answers) */
  error: { status: number; code: string; message: string } | null;
}

export interface DashboardContext {
  deps: QuestionDeps;
  user: CurrentUser;
  dashboard: Row<Dashboard> | null;
  values: DashboardFilterValues;
}

function periodField(declaration: ResourceDeclaration, question: Row<Question>, card: Row<DashboardCard> | null, context: FilterContext) {
  const named = card?.period_field;
  if (named) return resolveField(declaration, named, context);
  const grouped = (question.spec.group_by ?? []).find((g) => g.bucket && !g.field.includes('.'));
  if (grouped) return resolveField(declaration, grouped.field, context);
  const known = DATE_CANDIDATES.find((name) => declaration.filters.includes(name));
  return known ? resolveField(declaration, known, context) : null;
}

function organizationField(declaration: ResourceDeclaration, card: Row<DashboardCard> | null, context: FilterContext): string | null {
  if (card?.organization_field) return card.organization_field;
  if (declaration.name === 'organizations') return 'id';
  if (declaration.filters.includes('organization_id')) return 'organization_id';
  const through = Object.keys(declaration.references ?? {}).find((field) => referencedResource(declaration, field, context)?.filters.includes('organization_id'));
  return through ? `${through}.organization_id` : null;
}

/** Whether the resource's list takes this filter (its own validation, nothing run). */
function accepts(declaration: ResourceDeclaration, filter: Record<string, unknown>, context: FilterContext): boolean {
  try {
    applyFilter(declaration.model.query(), declaration, filter, context);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

/** The dashboard's filter values as one list filter of the question's resource, and what did not apply. */
export function linkedFilter(ctx: DashboardContext, question: Row<Question>, card: Row<DashboardCard> | null): { filter: Record<string, unknown>; ignored: string[] } {
  const context: FilterContext = { resources: ctx.deps.resources, user: ctx.user };
  const declaration = ctx.deps.resources.find((r) => r.name === question.spec.resource);
  const { from, to, organization_id: organizationId, ...fields } = ctx.values;
  const filter: Record<string, unknown> = {};
  const ignored: string[] = [];
  if (!declaration) return { filter, ignored: Object.keys(ctx.values) };

  const hasPeriod = (from !== undefined && to !== undefined) || (ctx.dashboard?.filters?.period ?? null) !== null;
  if (hasPeriod) {
    const period = effectivePeriod(ctx.dashboard?.filters ?? null, ctx.values, ctx.deps.clock);
    const field = periodField(declaration, question, card, context);
    if (field?.field.type === 'date') Object.assign(filter, { [`${field.path}_gte`]: period.from, [`${field.path}_lte`]: period.to });
    else if (field?.field.type === 'datetime') {
      Object.assign(filter, { [`${field.path}_gte`]: `${period.from}T00:00:00.000Z`, [`${field.path}_lt`]: `${addDays(period.to, 1)}T00:00:00.000Z` });
    } else ignored.push('period');
  }
  if (organizationId !== undefined && organizationId !== null) {
    const field = organizationField(declaration, card, context);
    if (field && accepts(declaration, { [field]: organizationId }, context)) filter[field] = organizationId;
    else ignored.push('organization_id');
  }
  for (const [key, value] of Object.entries(fields)) {
    if (accepts(declaration, { [key]: value }, context)) filter[key] = value;
    else ignored.push(key);
  }
  return { filter, ignored };
}

function failure(error: unknown): CardAnswer['error'] {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  throw error;
}

/** A saved question asked with a dashboard's filters (a card, or POST /api/questions/:id/run). */
export async function askSavedQuestion(ctx: DashboardContext, question: Row<Question>, card: Row<DashboardCard> | null) {
  const { filter, ignored } = linkedFilter(ctx, question, card);
  const answer = await askQuestion(ctx.deps, ctx.user, question.spec, filter);
  return { answer, filter, ignored };
}

const questionSummary = (q: Row<Question>) => ({ id: q.id, title: q.title, description: q.description, visualization: q.visualization, spec: q.spec });

export async function runCard(ctx: DashboardContext, card: Row<DashboardCard>): Promise<CardAnswer> {
  const base = { card, report_card: card.report_card ?? null, filter: {}, ignored_filters: [] as string[], answer: null, error: null };
  if (card.report_card) {
    const { from, to, organization_id: organizationId, ...fields } = ctx.values;
    const period = effectivePeriod(ctx.dashboard?.filters ?? null, { from, to }, ctx.deps.clock);
    const ignored = Object.keys(fields);
    try {
      const answer = await runReport(ctx.deps.knex, ctx.deps.clock, ctx.user, BUILT_IN[card.report_card].report, { ...period, organization_id: organizationId ?? null });
      return { ...base, question: null, ignored_filters: ignored, answer };
    } catch (error) {
      return { ...base, question: null, ignored_filters: ignored, error: failure(error) };
    }
  }
  const question = (await ctx.deps.knex('questions').where({ id: card.question_id }).first()) as Row<Question>;
  try {
    const { answer, filter, ignored } = await askSavedQuestion(ctx, question, card);
    return { ...base, question: questionSummary(question), filter, ignored_filters: ignored, answer };
  } catch (error) {
    return { ...base, question: questionSummary(question), error: failure(error) };
  }
}

/** A record of a declared resource the user may see (404 otherwise), through its scope. */
export async function visibleRecord<T>(deps: QuestionDeps, user: CurrentUser, resource: string, id: string): Promise<T> {
  const declaration = deps.resources.find((r) => r.name === resource)!;
  const found = /^\d{1,15}$/.test(id) ? await applyScope(declaration.model.query(deps.knex), declaration.scope, user).findById(Number(id)) : undefined;
  if (!found) throw new NotFoundError(say('record_not_found', { records: resource, id }));
  return found.toJSON() as T;
}

export async function runDashboard(deps: QuestionDeps, user: CurrentUser, dashboard: Row<Dashboard>, values: DashboardFilterValues) {
  const ctx: DashboardContext = { deps, user, dashboard, values };
  const cards = (await deps.knex('dashboard_cards').where({ dashboard_id: dashboard.id }).orderBy(['y', 'x', 'id'])) as Row<DashboardCard>[];
  const answers: CardAnswer[] = [];
  // one after the other: a built-in card's report may fan out over several pooled connections
  for (const card of cards) answers.push(await runCard(ctx, card));
  const period = effectivePeriod(dashboard.filters ?? null, values, deps.clock);
  return { dashboard, filters: { ...values, from: period.from, to: period.to }, cards: answers, generated_at: deps.clock().toISOString() };
}
