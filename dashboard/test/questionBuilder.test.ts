import type { QuestionAnswer, QuestionField } from '../../contract/questions';
import { answerChart, answerTable, groupLabel, recordsUrl } from '../src/questions/answerModel';
import { emptyState, filterOf, missingPart, rowsOf, specOf, stateOf, suggestedVisualization, visualizationsFor, type BuilderState } from '../src/questions/specForm';

const translate = (key: string, options?: Record<string, unknown>) => {
  const { _, ...rest } = options ?? {};
  if (key.startsWith('resources.') || key.startsWith('app.fields.') || key.startsWith('app.enums.')) return String(_ ?? key);
  return Object.keys(rest).length ? `${key}(${Object.values(rest).join(',')})` : key;
};
const labels = { translate, locale: 'en' };

const field = (f: Partial<QuestionField> & { field: string }): QuestionField => ({
  resource: 'children', name: f.field, type: 'string', enum: null, reference: null, via: null,
  groups: true, bucket: false, measures: [], filters: true, range: false, ...f,
});

describe('the spec a builder form stands for', () => {
  const form: BuilderState = {
    ...emptyState('support_requests'),
    filters: [
      { field: 'status', op: 'eq', value: 'approved' },
      { field: 'amount', op: 'gte', value: 100 },
      { field: 'decided_at', op: 'present', value: null },
      { field: 'type_code', op: 'eq', value: '' },
    ],
    groups: [{ field: 'decided_at', bucket: 'month' }, { field: 'type_code', bucket: null }],
    sort: 'value_desc',
    limit: 20,
    visualization: 'stacked_bar',
  };

  it('turns filter rows into list filter keys, leaving out a row without a value', () => {
    expect(filterOf(form.filters)).toEqual({ status: 'approved', amount_gte: 100, decided_at_neq: null });
  });

  it('builds the spec the server asks: filter, groups with buckets, count, sort and limit', () => {
    expect(specOf(form)).toEqual({
      resource: 'support_requests',
      filter: { status: 'approved', amount_gte: 100, decided_at_neq: null },
      group_by: [{ field: 'decided_at', bucket: 'month' }, { field: 'type_code' }],
      measure: { fn: 'count' },
      sort: ['value', 'DESC'],
      limit: 20,
    });
  });

  it('gives a measure other than count its field, and leaves out what is not set', () => {
    expect(specOf({ ...emptyState('payments'), measure: { fn: 'sum', field: 'amount' } })).toEqual({ resource: 'payments', measure: { fn: 'sum', field: 'amount' } });
  });

  it('opens a saved spec as the form it was built with', () => {
    const spec = specOf(form);
    expect(specOf(stateOf(spec, 'stacked_bar'))).toEqual(spec);
    expect(stateOf(spec, 'stacked_bar').filters).toEqual([
      { field: 'status', op: 'eq', value: 'approved' },
      { field: 'amount', op: 'gte', value: 100 },
      { field: 'decided_at', op: 'present', value: null },
    ]);
    expect(rowsOf({ closed_on: null, 'child_id.gender': ['female', 'male'] })).toEqual([
      { field: 'closed_on', op: 'empty', value: null },
      { field: 'child_id.gender', op: 'eq', value: ['female', 'male'] },
    ]);
  });

  it('says what is missing before a question can be asked', () => {
    const fields = [field({ field: 'birth_date', type: 'date', bucket: true }), field({ field: 'gender' })];
    expect(missingPart(emptyState(), fields)).toBe('resource');
    expect(missingPart({ ...emptyState('children'), groups: [{ field: 'birth_date', bucket: null }] }, fields)).toBe('group_by');
    expect(missingPart({ ...emptyState('children'), measure: { fn: 'max', field: null } }, fields)).toBe('measure');
    expect(missingPart({ ...emptyState('children'), groups: [{ field: 'gender', bucket: null }] }, fields)).toBeNull();
  });

  it('offers the charts that suit the number of groups, keeping the chosen one while it fits', () => {
    expect(visualizationsFor(0)).toEqual(['number', 'table']);
    expect(visualizationsFor(1)).toContain('pie');
    expect(visualizationsFor(2)).toContain('stacked_bar');
    expect(visualizationsFor(2)).not.toContain('pie');
    expect(suggestedVisualization([{ field: 'gender', bucket: null }], 'number')).toBe('bar');
    expect(suggestedVisualization([{ field: 'referral_date', bucket: 'month' }], 'number')).toBe('line');
    expect(suggestedVisualization([{ field: 'gender', bucket: null }], 'pie')).toBe('pie');
    expect(suggestedVisualization([{ field: 'a', bucket: null }, { field: 'b', bucket: null }], 'pie')).toBe('stacked_bar');
    expect(suggestedVisualization([], 'bar')).toBe('number');
  });
});

const answer: QuestionAnswer = {
  resource: 'support_requests',
  columns: [
    { role: 'group', field: 'decided_at', bucket: 'month', type: 'datetime', reference: null, resource: 'support_requests', name: 'decided_at', enum: null },
    { role: 'group', field: 'status', bucket: null, type: 'string', reference: null, resource: 'support_requests', name: 'status', enum: ['approved', 'declined'] },
    { role: 'measure', fn: 'count', field: null, type: 'integer' },
  ],
  rows: [
    { group: ['2025-04-01', 'approved'], label: ['Apr 2025', 'approved'], value: 3, filter: { decided_at_gte: '2025-04-01T00:00:00.000Z', decided_at_lt: '2025-05-01T00:00:00.000Z', status: 'approved' } },
    { group: ['2025-04-01', 'declined'], label: ['Apr 2025', 'declined'], value: 1, filter: { decided_at_gte: '2025-04-01T00:00:00.000Z', decided_at_lt: '2025-05-01T00:00:00.000Z', status: 'declined' } },
    { group: ['2025-05-01', 'approved'], label: ['May 2025', 'approved'], value: 2, filter: { decided_at_gte: '2025-05-01T00:00:00.000Z', decided_at_lt: '2025-06-01T00:00:00.000Z', status: 'approved' } },
  ],
  total_groups: 3,
  generated_at: '2026-01-15T12:00:00.000Z',
  data_as_of: '2026-01-15T12:00:00.000Z',
  read_from: 'primary',
  read_note: null,
};

describe('an answer as a chart and a table', () => {
  it('puts the first group along the axis and the second as series, each value with its records', () => {
    const chart = answerChart(answer, 'stacked_bar', labels);
    expect(chart.series).toEqual([
      { key: 's0', label: 'Approved' },
      { key: 's1', label: 'Declined' },
    ]);
    expect(chart.rows).toEqual([
      { category: 'Apr 2025', s0: 3, s1: 1 },
      { category: 'May 2025', s0: 2 },
    ]);
    expect(chart.filters[1].s0).toEqual(answer.rows[2].filter);
    expect(chart.format).toBe('count');
  });

  it('names groups in the locale: enumerations, yes/no, months, weeks, and no value', () => {
    const group = answer.columns[1] as Parameters<typeof groupLabel>[0];
    expect(groupLabel(group, null, null, labels)).toBe('app.bi.answer.none');
    expect(groupLabel({ ...group, enum: null, type: 'boolean' }, true, 'true', labels)).toBe('ra.boolean.true');
    expect(groupLabel({ ...group, enum: null, bucket: 'month' }, '2025-04-01', 'Apr 2025', { translate, locale: 'fr' })).toBe('avr. 2025');
    expect(groupLabel({ ...group, enum: null, bucket: 'week' }, '2025-04-14', 'Week of 2025-04-14', labels)).toBe('app.bi.answer.week_of(Apr 14, 2025)');
    expect(groupLabel({ ...group, enum: null, reference: 'organizations' }, 3, 'Agency North', labels)).toBe('Agency North');
  });

  it('links each row of the table to the list filtered to its records', () => {
    const table = answerTable(answer, 'Requests', labels);
    expect(table.columns.map(c => c.label)).toEqual(['Decided at', 'Status', 'app.bi.measure_of.count']);
    expect(table.rows[1]).toMatchObject({ g0: 'Apr 2025', g1: 'Declined', value: 1 });
    const link = table.columns[2].link!(table.rows[1]);
    expect(link).toBe(recordsUrl('support_requests', answer.rows[1].filter));
    expect(JSON.parse(new URLSearchParams(link!.split('?')[1]).get('filter')!)).toEqual(answer.rows[1].filter);
  });
});
