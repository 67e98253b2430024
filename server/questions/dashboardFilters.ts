import { PERIOD_PRESETS, type DashboardFilterDefinition, type DashboardFilterValues } from '../../contract/questions';
import { presetPeriod, fiscalYearOf, today } from '../dates';
import { ValidationError } from '../errors';
import { say } from '../messages';
import { compileCheck, listProblems } from '../validation';

/**
 * A dashboard's linked filters: what it offers (dashboards.filters) and the values a view
 * sends (`?filters=`), checked; and the period those values stand for.
 */
const FIELD_NAME = { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$', maxLength: 130 };

const checkDefinition = compileCheck<DashboardFilterDefinition>({
  type: 'object',
  additionalProperties: false,
  required: ['period', 'organization', 'fields'],
  properties: {
    period: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['preset', 'fiscal_year'],
      properties: { preset: { enum: PERIOD_PRESETS }, fiscal_year: { type: ['integer', 'null'], minimum: 1900, maximum: 2999 } },
      'x-message': say('field_period_preset', { presets: PERIOD_PRESETS.join('|') }),
    },
    organization: { type: 'boolean' },
    fields: { type: 'array', maxItems: 20, uniqueItems: true, items: FIELD_NAME, 'x-message': say('field_filter_fields') },
  },
}, (errors) => say('dashboard_definition_invalid', { problems: listProblems(errors), fields: Object.keys(errors).join(', ') }));

export function checkDashboardFilters(value: unknown): DashboardFilterDefinition {
  try {
    return checkDefinition(value);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.said, { filters: error.said });
    throw error;
  }
}

/** The values of a dashboard's filters (`?filters=`): the period, the organisation, list filters. */
export const FILTER_VALUES_SCHEMA = {
  type: 'object',
  propertyNames: { anyOf: [FIELD_NAME, { type: 'string', pattern: '^[a-z_][a-z0-9_.]*_(gte|lte|gt|lt|neq)$' }] },
  properties: {
    from: { type: 'string', format: 'date', 'x-message': say('field_date') },
    to: { type: 'string', format: 'date', 'x-message': say('field_date') },
    organization_id: { type: ['integer', 'null'], minimum: 1, 'x-message': say('field_organization_id') },
  },
};
const checkValues = compileCheck<DashboardFilterValues>(FILTER_VALUES_SCHEMA, (errors) => say('dashboard_values_invalid', { problems: listProblems(errors), fields: Object.keys(errors).join(', ') }));

/** The values of `?filters=` (JSON), checked: from/to go together, dates are dates. */
export function parseFilterValues(raw: unknown): DashboardFilterValues {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw new ValidationError(say('filters_not_json'), { filters: say('field_not_json') });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(say('filters_not_object'), { filters: say('field_object') });
  }
  const values = checkValues(parsed);
  if ((values.from === undefined) !== (values.to === undefined)) {
    throw new ValidationError(say('period_both_ends'), { [values.from === undefined ? 'from' : 'to']: say('field_other_end') });
  }
  if (values.from && values.to && values.from > values.to) throw new ValidationError(say('period_to_before_from'), { to: say('field_after_from') });
  return values;
}

/** The period of a view: its values, else the dashboard's default, else the current fiscal year. */
export function effectivePeriod(definition: DashboardFilterDefinition | null, values: DashboardFilterValues, clock: () => Date): { from: string; to: string } {
  if (values.from && values.to) return { from: values.from, to: values.to };
  const preset = definition?.period ?? { preset: 'final' as const, fiscal_year: null };
  return presetPeriod(preset.preset, preset.fiscal_year ?? fiscalYearOf(today(clock)));
}
