import type { DashboardFilterDefinition, DashboardFilterValues } from '../../../contract/questions';
import { PERIOD_PARAMS, readPeriod, type PeriodState } from '../reporting/period';

/**
 * A dashboard's linked filters in the URL (docs/questions.md, "Linked filters"): the period and
 * organisation as every reporting page writes them (`fy`, `period`, `from`, `to`, `org`), and
 * the other fields as one JSON object in `filters`. The same values go to every card.
 */
export const FIELDS_PARAM = 'filters';

/** What a dashboard has no say about: offers no period, no organisation, no fields. */
export const NO_FILTERS: DashboardFilterDefinition = { period: null, organization: false, fields: [] };

/** The filters of the built-in cards shown when there is no default dashboard: the period and organisation. */
const BUILT_IN_FILTERS: DashboardFilterDefinition = { period: { preset: 'final', fiscal_year: null }, organization: true, fields: [] };

/** What a dashboard offers (null: there is none, and the built-in cards are shown). */
export function filtersOf(dashboard: { filters: DashboardFilterDefinition | null } | null): DashboardFilterDefinition {
  return dashboard ? (dashboard.filters ?? NO_FILTERS) : BUILT_IN_FILTERS;
}

export interface DashboardView {
  /** the period and organisation; built-in cards always count a period (the current fiscal year by default) */
  period: PeriodState;
  /** whether question cards are filtered by the period: the dashboard offers one, or the URL names one */
  periodApplies: boolean;
  /** the values of the dashboard's field filters */
  fields: Record<string, unknown>;
}

function readFields(params: URLSearchParams): Record<string, unknown> {
  const raw = params.get(FIELDS_PARAM);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The view a URL stands for, for a dashboard offering `definition`: fields it does not offer are not applied. */
export function readDashboardView(params: URLSearchParams, definition: DashboardFilterDefinition, today: string): DashboardView {
  const period = readPeriod(params, today, definition.period ?? undefined);
  const fields = Object.fromEntries(Object.entries(readFields(params)).filter(([key, value]) => definition.fields.includes(key) && value !== '' && value !== undefined));
  return {
    period,
    periodApplies: definition.period !== null || params.has('period'),
    fields,
  };
}

/** The values the cards run with (`GET /api/dashboard_cards/:id/run?filters=`). */
export function filterValues(view: DashboardView): DashboardFilterValues {
  return {
    ...(view.periodApplies ? { from: view.period.from, to: view.period.to } : {}),
    ...(view.period.organizationId ? { organization_id: view.period.organizationId } : {}),
    ...view.fields,
  };
}

/** Sets one field filter in a URL's query (an empty value removes it); the period is left as it is. */
export function setField(params: URLSearchParams, field: string, value: unknown): void {
  const fields = readFields(params);
  if (value === '' || value === null || value === undefined) delete fields[field];
  else fields[field] = value;
  if (Object.keys(fields).length) params.set(FIELDS_PARAM, JSON.stringify(fields));
  else params.delete(FIELDS_PARAM);
}

/** The filter part of a URL's query, to carry into another dashboard: `?fy=2025&period=q1&filters=…`. */
export function carriedFilters(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of [...PERIOD_PARAMS, FIELDS_PARAM]) {
    const value = params.get(key);
    if (value !== null) kept.set(key, value);
  }
  const search = kept.toString();
  return search ? `?${search}` : '';
}
