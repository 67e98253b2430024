import { BUILT_IN_CARDS, GRID_COLUMNS } from '../../contract/questions';
import { BaseModel } from './BaseModel';
import { id, objectSchema, optionalId, optionalOneOf, optionalText, column, type RowOf } from './schema';

const gridColumn = column<number>({ type: 'integer', minimum: 0, maximum: GRID_COLUMNS - 1 });
const gridRow = column<number>({ type: 'integer', minimum: 0, maximum: 10_000 });

const schema = objectSchema(
  {
    dashboard_id: id,
    question_id: optionalId,
    report_card: optionalOneOf(BUILT_IN_CARDS),
    x: gridColumn,
    y: gridRow,
    w: column<number>({ type: 'integer', minimum: 1, maximum: GRID_COLUMNS }),
    h: column<number>({ type: 'integer', minimum: 1, maximum: 100 }),
    period_field: optionalText(130),
    organization_field: optionalText(130),
  },
  ['dashboard_id'],
);

/** A card on a dashboard's grid: a saved question or one of the built-in report cards. */
export interface DashboardCard extends RowOf<typeof schema> {}
export class DashboardCard extends BaseModel {
  static tableName = 'dashboard_cards';
  static jsonSchema = schema;
}
