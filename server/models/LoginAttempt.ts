import { BaseModel } from './BaseModel';
import { boolean, objectSchema, optionalText, text, timestamp, type RowOf } from './schema';

const schema = objectSchema(
  {
    email_lower: text(320),
    ip: optionalText(100),
    succeeded: boolean,
    at: timestamp,
  },
  ['email_lower', 'succeeded'],
);

/** A sign-in attempt, for lock-out. Never served as a resource. */
export interface LoginAttempt extends RowOf<typeof schema> {}
export class LoginAttempt extends BaseModel {
  static tableName = 'login_attempts';
  static jsonSchema = schema;
}
