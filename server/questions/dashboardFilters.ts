import { PERIOD_PRESETS, type DashboardFilterDefinition, type DashboardFilterValues } from '../../contract/questions';
import { presetPeriod, fiscalYearOf, today } from '../dates';
import { ValidationError } from '../errors';
import { compileCheck } from '../validation';

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
      'x-message': `must be null or { preset: ${PERIOD_PRESETS.join('|')}, fiscal_year: a year or null }`,
    },
    organization: { type: 'boolean' },
    fields: { type: 'array', maxItems: 20, uniqueItems: true, items: FIELD_NAME, 'x-message': 'must be a list of list-filter fields' },
  },
}, (errors) => `The dashboard's filters are not valid: ${Object.entries(errors).map(([f, m]) => `${f} ${m}`).join('; ')}`);

export function checkDashboardFilters(value: unknown): DashboardFilterDefinition {
  try {
    return checkDefinition(value);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.message, { filters: error.message });
    throw error;
  }
}

/** The values of a dashboard's filters (`?filters=`): the period, the organisation, list filters. */
export const FILTER_VALUES_SCHEMA = {
  type: 'object',
  propertyNames: { anyOf: [FIELD_NAME, { type: 'string', pattern: '^[a-z_][a-z0-9_.]*_(gte|lte|gt|lt|neq)$' }] },
  properties: {
    from: { type: 'string', format: 'date', 'x-message': 'must be a date YYYY-MM-DD' },
    to: { type: 'string', format: 'date', 'x-message': 'must be a date YYYY-MM-DD' },
    organization_id: { type: ['integer', 'null'], minimum: 1, 'x-message': 'must be an organisation id' },
  },
};
const checkValues = compileCheck<DashboardFilterValues>(FILTER_VALUES_SCHEMA, (errors) => `The dashboard filters are not valid: ${Object.entries(errors).map(([f, m]) => `${f} ${m}`).join('; ')}`);

/** The values of `?filters=` (JSON), checked: from/to go together, dates are dates. */
export function parseFilterValues(raw: unknown): DashboardFilterValues {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw new ValidationError('"filters" is not valid JSON', { filters: 'is not valid JSON' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError('"filters" must be a JSON object', { filters: 'must be an object' });
  }
  const values = checkValues(parsed);
  if ((values.from === undefined) !== (values.to === undefined)) {
    throw new ValidationError('Give both from and to', { [values.from === undefined ? 'from' : 'to']: 'goes with the other end of the period' });
  }
  if (values.from && values.to && values.from > values.to) throw new ValidationError('"to" comes before "from"', { to: 'must be on or after from' });
  return values;
}

/** The period of a view: its values, else the dashboard's default, else the current fiscal year. */
export function effectivePeriod(definition: DashboardFilterDefinition | null, values: DashboardFilterValues, clock: () => Date): { from: string; to: string } {
  if (values.from && values.to) return { from: values.from, to: values.to };
  const preset = definition?.period ?? { preset: 'final' as const, fiscal_year: null };
  return presetPeriod(preset.preset, preset.fiscal_year ?? fiscalYearOf(today(clock)));
}
