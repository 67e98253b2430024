import { BaseModel } from './BaseModel';
import { boolean, objectSchema, optionalText, text, timestamp } from './schema';

/** A sign-in attempt, for lock-out. Never served as a resource. */
export class LoginAttempt extends BaseModel {
  static tableName = 'login_attempts';

  email_lower!: string;
  ip!: string | null;
  succeeded!: boolean;
  at!: string;

  static jsonSchema = objectSchema(
    {
      email_lower: text(320),
      ip: optionalText(100),
      succeeded: boolean,
      at: timestamp,
    },
    ['email_lower', 'succeeded'],
  );
}
