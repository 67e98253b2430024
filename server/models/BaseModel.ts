import { AjvValidator, Model, type ModelOptions, type Pojo, type QueryContext } from 'objection';
import { clockOf } from '../db/clock';
import { AJV_OPTIONS, addServerFormats } from '../validation';

/**
 * Every model holds its table's schema, relations and nothing else. Validation uses the
 * server's Ajv options and formats (server/validation.ts): union types allowed (nullable
 * columns are `type: ['string', 'null']`) and all errors reported, so the error middleware can
 * answer every bad field at once. Timestamps come from the clock the query's database handle
 * carries (server/db/clock.ts), not from the wall or PostgreSQL.
 */
export class BaseModel extends Model {
  id!: number;
  created_at!: string;
  updated_at!: string;

  static createValidator() {
    return new AjvValidator({
      onCreateAjv: (ajv) => {
        addServerFormats(ajv);
      },
      options: AJV_OPTIONS,
    });
  }

  /** Lookup tables keyed by `code` are served with `id` = code so react-admin can address them. */
  $formatJson(json: Pojo): Pojo {
    const formatted = super.$formatJson(json);
    const idColumn = (this.constructor as typeof Model).idColumn;
    if (typeof idColumn === 'string' && idColumn !== 'id' && formatted[idColumn] !== undefined) {
      formatted.id = formatted[idColumn];
    }
    return formatted;
  }

  $beforeInsert(queryContext: QueryContext) {
    const now = clockOf(queryContext.transaction)().toISOString();
    this.created_at ??= now;
    this.updated_at ??= now;
  }

  $beforeUpdate(_options: ModelOptions, queryContext: QueryContext) {
    this.updated_at = clockOf(queryContext.transaction)().toISOString();
  }
}
