import { FISCAL_SCHEDULE_PERIODS, SCHEDULE_KINDS, SUBSCRIPTION_FORMATS, SUBSCRIPTION_PERIODS, SUBSCRIPTION_REPORTS } from '../../contract/questions';
import { BaseModel } from './BaseModel';
import { boolean, column, id, objectSchema, oneOf, optionalId, optionalOneOf, optionalText, optionalTimestamp, text, type RowOf } from './schema';

function list<const V extends readonly string[]>(values: V) {
  return column<V[number][]>({ type: 'array', items: { enum: [...values] }, minItems: 1, uniqueItems: true });
}

const schema = objectSchema(
  {
    title: text(200),
    owner_id: id,
    dashboard_id: optionalId,
    report: optionalOneOf(SUBSCRIPTION_REPORTS),
    formats: list(SUBSCRIPTION_FORMATS),
    recipient_ids: column<number[]>({ type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 100, uniqueItems: true }),
    schedule_kind: oneOf(SCHEDULE_KINDS),
    cron: optionalText(100),
    fiscal_periods: column<('interim' | 'final')[] | null>({ type: ['array', 'null'], items: { enum: [...FISCAL_SCHEDULE_PERIODS] }, minItems: 1, uniqueItems: true }),
    period: oneOf(SUBSCRIPTION_PERIODS),
    active: boolean,
    next_run_at: optionalTimestamp,
    last_run_at: optionalTimestamp,
  },
  ['title', 'formats', 'recipient_ids', 'schedule_kind'],
);

/** A scheduled report pack: a dashboard or report, sent to users in their own scope (docs/questions.md). */
export interface ReportSubscription extends RowOf<typeof schema> {}
export class ReportSubscription extends BaseModel {
  static tableName = 'report_subscriptions';
  static jsonSchema = schema;
}
