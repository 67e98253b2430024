import { DELIVERY_STATUSES, SUBSCRIPTION_FORMATS, type SubscriptionFormat } from '../../contract/questions';
import { BaseModel } from './BaseModel';
import { column, date, id, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, timestamp, type RowOf } from './schema';

const schema = objectSchema(
  {
    subscription_id: id,
    job_run_id: optionalId,
    recipient_id: id,
    email: optionalText(320),
    scheduled_for: timestamp,
    period_from: date,
    period_to: date,
    formats: column<SubscriptionFormat[]>({ type: 'array', items: { enum: [...SUBSCRIPTION_FORMATS] } }),
    status: oneOf(DELIVERY_STATUSES),
    error: optionalText(),
    message_id: optionalText(),
    sent_at: optionalTimestamp,
  },
  ['subscription_id', 'recipient_id', 'scheduled_for', 'period_from', 'period_to', 'formats', 'status'],
);

/** One recipient's pack of one run of a subscription, and how its sending went (read-only). */
export interface ReportDelivery extends RowOf<typeof schema> {}
export class ReportDelivery extends BaseModel {
  static tableName = 'report_deliveries';
  static jsonSchema = schema;
}
