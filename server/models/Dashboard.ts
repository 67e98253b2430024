import type { DashboardFilterDefinition } from '../../contract/questions';
import { BaseModel } from './BaseModel';
import { boolean, column, objectSchema, type RowOf } from './schema';
import { sharedRecordColumns } from './sharing';

const schema = objectSchema(
  {
    ...sharedRecordColumns,
    filters: column<DashboardFilterDefinition>({ type: 'object' }),
    is_default: boolean,
  },
  ['title'],
);

/** A dashboard: cards on a grid, the filters they share, who it is shared with (docs/questions.md). */
export interface Dashboard extends RowOf<typeof schema> {}
export class Dashboard extends BaseModel {
  static tableName = 'dashboards';
  static jsonSchema = schema;
}
