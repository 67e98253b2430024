import { BaseModel } from './BaseModel';
import { COMPLAINT_CATEGORIES, COMPLAINT_SOURCES, COMPLAINT_STATUSES } from '../../contract/enums';
import { date, id, integer, objectSchema, oneOf, optionalDate, optionalId, optionalText, text, type RowOf } from './schema';

const schema = objectSchema(
  {
    organization_id: id,
    received_on: date,
    received_from: oneOf(COMPLAINT_SOURCES),
    complainant_name: optionalText(200),
    about: text(4000),
    category: oneOf(COMPLAINT_CATEGORIES),
    child_id: optionalId,
    service_plan_id: optionalId,
    status: oneOf(COMPLAINT_STATUSES),
    resolution: optionalText(4000),
    resolved_on: optionalDate,
    version: integer,
  },
  ['organization_id', 'received_on', 'received_from', 'about', 'category'],
);

/** A complaint in the coordinating agency's register (CSP: risk and complaints management). */
export interface Complaint extends RowOf<typeof schema> {}
export class Complaint extends BaseModel {
  static tableName = 'complaints';
  static jsonSchema = schema;
}
