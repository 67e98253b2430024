import type { AnswerRow, GroupColumn, MeasureColumn, QuestionAnswer, Visualization } from '../../../contract/questions';
import { enumLabel, fieldLabel, type Translate } from '../meta/fields';
import { formatLocalDate, formatMonth } from '../meta/format';
import type { ValueFormat } from '../reporting/format';
import type { Column, Row, TableSpec } from '../reporting/model';

/**
 * A question's answer as the dashboard shows it: each group value named in the locale (an
 * enumeration's label, yes/no, a month, a record's title), the measure formatted by its type,
 * and each group's records a link away — the list filtered by the row's `filter`.
 */
export interface Labels {
  translate: Translate;
  locale: string;
}

const groupsOf = (answer: QuestionAnswer) => answer.columns.filter((c): c is GroupColumn => c.role === 'group');
export const measureOf = (answer: QuestionAnswer) => answer.columns.find((c): c is MeasureColumn => c.role === 'measure')!;

/** What a group value reads as. */
export function groupLabel(column: GroupColumn, value: AnswerRow['group'][number], label: string | null, { translate, locale }: Labels): string {
  if (value === null) return translate('app.bi.answer.none');
  switch (column.bucket) {
    case 'day':
      return formatLocalDate(String(value), locale);
    case 'week':
      return translate('app.bi.answer.week_of', { date: formatLocalDate(String(value), locale) });
    case 'month':
      return formatMonth(String(value), locale, 'short');
    case 'quarter':
    case 'fiscal_year':
      return label ?? String(value);
  }
  if (column.enum) return enumLabel(translate, column.resource, column.name, String(value));
  if (column.type === 'boolean') return translate(value === true ? 'ra.boolean.true' : 'ra.boolean.false');
  return label ?? String(value);
}

/** How the measure's values read: counts whole, money as money, dates as dates. */
export function measureFormat(column: MeasureColumn): ValueFormat {
  switch (column.type) {
    case 'integer':
      return 'count';
    case 'money':
      return 'money';
    case 'date':
    case 'datetime':
      return 'date';
    default:
      return 'number';
  }
}

/** "Count", "Sum of Hours", "Median of Referral date". */
export function measureLabel(column: MeasureColumn, resource: string, translate: Translate): string {
  if (column.fn === 'count') return translate('app.bi.measure_of.count');
  const name = column.field?.includes('.') ? column.field.split('.')[1] : column.field;
  return translate(`app.bi.measure_of.${column.fn}`, { field: name ? fieldLabel(translate, resource, name) : '' });
}

/** A field's label, a column's header (through a reference: "Child: Service delivery area"). */
export function questionFieldLabel(column: Pick<GroupColumn, 'field' | 'resource' | 'name'>, resource: string, translate: Translate): string {
  const own = fieldLabel(translate, column.resource, column.name);
  if (!column.field.includes('.')) return own;
  return `${fieldLabel(translate, resource, column.field.split('.')[0])}: ${own}`;
}

/** `/<resource>?filter=<JSON>`: the list of a group's records. */
export const recordsUrl = (resource: string, filter: Record<string, unknown>) => `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;

/** The answer as a table: one column per group, then the measure, whose cell opens the group's records. */
export function answerTable(answer: QuestionAnswer, title: string, labels: Labels): TableSpec<Row> {
  const groups = groupsOf(answer);
  const measure = measureOf(answer);
  const links = answer.rows.map(row => recordsUrl(answer.resource, row.filter));
  const columns: Column<Row>[] = [
    ...groups.map((g, i) => ({ key: `g${i}`, label: questionFieldLabel(g, answer.resource, labels.translate), format: 'text' as const })),
    {
      key: 'value',
      label: measureLabel(measure, answer.resource, labels.translate),
      format: measureFormat(measure),
      link: (row: Row) => links[Number(row.index)],
      linkLabel: 'app.bi.answer.open',
    },
  ];
  const rows = answer.rows.map((row, index) => ({
    index,
    ...Object.fromEntries(groups.map((g, i) => [`g${i}`, groupLabel(g, row.group[i], row.label[i], labels)])),
    value: row.value === null ? null : typeof row.value === 'number' ? row.value : String(row.value),
  }));
  return { title, columns, rows };
}

export interface ChartSeries {
  key: string;
  label: string;
}

/** What a chart of an answer draws: categories along the axis, one series per second-group value. */
export interface AnswerChartData {
  visualization: Visualization;
  series: ChartSeries[];
  /** one per category: its label and each series' value (keys of `series`) */
  rows: ({ category: string } & Record<string, string | number | null>)[];
  /** the records of each bar, point or slice: filters[category index][series key] */
  filters: Record<string, Record<string, unknown>>[];
  format: ValueFormat;
}

const numeric = (value: AnswerRow['value']) => (value === null ? null : Number(value));

export function answerChart(answer: QuestionAnswer, visualization: Visualization, labels: Labels): AnswerChartData {
  const groups = groupsOf(answer);
  const measure = measureOf(answer);
  const format = measureFormat(measure);
  const categories = new Map<string, number>();
  const series = new Map<string, ChartSeries>();
  const rows: AnswerChartData['rows'] = [];
  const filters: AnswerChartData['filters'] = [];
  for (const row of answer.rows) {
    const categoryKey = JSON.stringify(row.group[0] ?? null);
    let index = categories.get(categoryKey);
    if (index === undefined) {
      index = rows.length;
      categories.set(categoryKey, index);
      rows.push({ category: groups.length ? groupLabel(groups[0], row.group[0], row.label[0], labels) : measureLabel(measure, answer.resource, labels.translate) });
      filters.push({});
    }
    // keys are plain names (s0, s1 …): recharts reads a dataKey as a path
    const seriesValue = groups.length > 1 ? JSON.stringify(row.group[1]) : '';
    if (!series.has(seriesValue)) {
      series.set(seriesValue, {
        key: groups.length > 1 ? `s${series.size}` : 'value',
        label: groups.length > 1 ? groupLabel(groups[1], row.group[1], row.label[1], labels) : measureLabel(measure, answer.resource, labels.translate),
      });
    }
    const seriesKey = series.get(seriesValue)!.key;
    rows[index][seriesKey] = numeric(row.value);
    filters[index][seriesKey] = row.filter;
  }
  return { visualization, series: [...series.values()], rows, filters, format };
}
