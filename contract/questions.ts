import type { FieldType } from './meta';
import type { ReadSourceFields } from './reports';

/**
 * Questions, dashboards and report subscriptions (docs/questions.md): the spec a question is
 * asked with, the answer it gets, and the vocabularies of the saved records — what the
 * server's question engine and the dashboard's builder both compile against.
 */
export const MEASURE_FNS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'median'] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

/** Date buckets; `quarter` is the fiscal quarter (Q1 = April–June), `fiscal_year` April 1 – March 31. */
export const BUCKETS = ['day', 'week', 'month', 'quarter', 'fiscal_year'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** At most this many groups per answer (more is a 400: narrow the filter or set a limit). */
export const MAX_GROUPS = 1000;
export const MAX_GROUP_BY = 2;

export interface QuestionGroupBy {
  /** a field of the resource, or `<reference field>.<field of the referenced resource>` */
  field: string;
  /** dates and instants only, and required for them */
  bucket?: Bucket;
}

export interface QuestionMeasure {
  fn: MeasureFn;
  /** every function but `count` measures a field */
  field?: string;
}

export interface QuestionSpec {
  resource: string;
  /** the list filter dialect of GET /api/<resource> (docs/api.md) */
  filter?: Record<string, unknown>;
  group_by?: QuestionGroupBy[];
  measure: QuestionMeasure;
  /** `["value", "DESC"]`, or a group_by field; default: the groups in order, ascending */
  sort?: [string, 'ASC' | 'DESC'];
  /** the first N groups after sorting, 1–1000 */
  limit?: number;
}

export interface GroupColumn {
  role: 'group';
  field: string;
  bucket: Bucket | null;
  type: FieldType;
  /** the resource whose records the group values are ids of, for a reference */
  reference: string | null;
  /** the resource the field belongs to (the referenced one for `ref.field`), for labels */
  resource: string;
  /** the field's own name in that resource */
  name: string;
  enum: readonly string[] | null;
}

export interface MeasureColumn {
  role: 'measure';
  fn: MeasureFn;
  field: string | null;
  /** `integer` for counts; the field's type for min/max/median of a date */
  type: FieldType;
}

export interface AnswerRow {
  /** one value per group column: the bucket's first day, the enumeration value, the id … */
  group: (string | number | boolean | null)[];
  /** what to show for each group value: a bucket's name ("Apr 2025"), a record's title; null for none */
  label: (string | null)[];
  value: number | string | null;
  /** the list filter of this group's records: open `/<resource>?filter=<JSON>` */
  filter: Record<string, unknown>;
}

/** A question's answer, computed on the reports standby when one is close enough behind, else the primary. */
export interface QuestionAnswer extends ReadSourceFields {
  resource: string;
  /** the group columns in group_by's order, then the measure */
  columns: (GroupColumn | MeasureColumn)[];
  rows: AnswerRow[];
  /** groups before `limit` */
  total_groups: number;
  generated_at: string;
}

/**
 * GET /api/questions/fields?resource=<name>: what a question over that resource can name —
 * each field of the resource, or one step through a reference, with what it can do.
 */
export interface QuestionField {
  /** as a spec names it: `gender`, `child_id.service_delivery_area` */
  field: string;
  /** the resource the field belongs to (the referenced one for a path), and its own name there: for labels */
  resource: string;
  name: string;
  type: FieldType;
  enum: readonly string[] | null;
  reference: string | null;
  /** the reference field the path goes through; null for the resource's own fields */
  via: string | null;
  /** it can be a group_by; `bucket` says it needs a bucket (a date or an instant) */
  groups: boolean;
  bucket: boolean;
  /** the measure functions other than `count` that take it */
  measures: MeasureFn[];
  /** the list filters on it; `range` says it also takes `_gte`/`_lte` */
  filters: boolean;
  range: boolean;
}

export interface QuestionFields {
  resource: string;
  fields: QuestionField[];
}

export const VISUALIZATIONS = ['number', 'table', 'bar', 'stacked_bar', 'line', 'area', 'pie'] as const;
export type Visualization = (typeof VISUALIZATIONS)[number];

export const SHARING = ['private', 'roles', 'organization'] as const;
export type Sharing = (typeof SHARING)[number];

/** The dashboard's own cards, by key; the dashboard app draws each (dashboard/src/dashboard/). */
export const BUILT_IN_CARDS = [
  'kpi.new_referrals',
  'kpi.children_waiting',
  'kpi.median_wait',
  'kpi.active_plans',
  'kpi.payments',
  'chart.referral_sources',
  'chart.wait_times',
  'chart.active_plans',
  'chart.payments',
] as const;
export type BuiltInCard = (typeof BUILT_IN_CARDS)[number];

/** Grid the cards' positions are on: 12 columns, rows of the dashboard's choosing. */
export const GRID_COLUMNS = 12;

/**
 * The managers' dashboard as built-in cards on the grid: the five KPIs three then two to a row,
 * then the four charts two by two. The demo's default dashboard is made of these, and the
 * dashboard app shows them when there is no default dashboard.
 */
export const DEFAULT_DASHBOARD_CARDS: readonly { report_card: BuiltInCard; x: number; y: number; w: number; h: number }[] = [
  { report_card: 'kpi.new_referrals', x: 0, y: 0, w: 4, h: 3 },
  { report_card: 'kpi.children_waiting', x: 4, y: 0, w: 4, h: 3 },
  { report_card: 'kpi.median_wait', x: 8, y: 0, w: 4, h: 3 },
  { report_card: 'kpi.active_plans', x: 0, y: 3, w: 6, h: 3 },
  { report_card: 'kpi.payments', x: 6, y: 3, w: 6, h: 3 },
  { report_card: 'chart.referral_sources', x: 0, y: 6, w: 6, h: 8 },
  { report_card: 'chart.wait_times', x: 6, y: 6, w: 6, h: 8 },
  { report_card: 'chart.active_plans', x: 0, y: 14, w: 6, h: 8 },
  { report_card: 'chart.payments', x: 6, y: 14, w: 6, h: 8 },
];

/** GET /api/dashboard_cards/:id/run: one card's answer for the viewer, with the dashboard's filters. */
export interface CardRun {
  card: { id: number; dashboard_id: number; question_id: number | null; report_card: BuiltInCard | null; x: number; y: number; w: number; h: number };
  question: { id: number; title: string; description: string | null; visualization: Visualization; spec: QuestionSpec } | null;
  report_card: BuiltInCard | null;
  /** the list filter the dashboard's filters became for this card */
  filter: Record<string, unknown>;
  /** the dashboard filters the card could not apply: "period", "organization_id", a field */
  ignored_filters: string[];
  answer: QuestionAnswer | null;
  /** why the card has no answer for this viewer */
  error: { status: number; code: string; message: string } | null;
}

export const PERIOD_PRESETS = ['q1', 'q2', 'q3', 'q4', 'interim', 'final'] as const;

/** The filters a dashboard offers (dashboards.filters). */
export interface DashboardFilterDefinition {
  /** a period picker, and the period it starts with (fiscal_year null: the current one); null: none */
  period: { preset: (typeof PERIOD_PRESETS)[number]; fiscal_year: number | null } | null;
  /** an organisation picker */
  organization: boolean;
  /** list-filter fields offered to every card whose resource filters on them */
  fields: string[];
}

/** The values of a dashboard's filters, as the URL and `?filters=` carry them. */
export interface DashboardFilterValues {
  from?: string;
  to?: string;
  organization_id?: number | null;
  /** any other key: a list filter (`service_delivery_area`, `program`, `child_id.gender` …) */
  [field: string]: unknown;
}

export const SUBSCRIPTION_FORMATS = ['pdf', 'xlsx'] as const;
export type SubscriptionFormat = (typeof SUBSCRIPTION_FORMATS)[number];
export const SCHEDULE_KINDS = ['cron', 'fiscal'] as const;
export const FISCAL_SCHEDULE_PERIODS = ['interim', 'final'] as const;
/** The period a cron-scheduled pack covers, counted back from the day it is sent. */
export const SUBSCRIPTION_PERIODS = ['fiscal_year_to_date', 'previous_month', 'previous_quarter', 'previous_fiscal_year'] as const;
/** Reports a subscription may send instead of a dashboard. */
export const SUBSCRIPTION_REPORTS = ['csp-measures'] as const;
export const DELIVERY_STATUSES = ['sent', 'failed', 'skipped'] as const;
