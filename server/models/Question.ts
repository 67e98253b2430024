import { VISUALIZATIONS, type QuestionSpec } from '../../contract/questions';
import { BaseModel } from './BaseModel';
import { column, objectSchema, oneOf, type RowOf } from './schema';
import { sharedRecordColumns } from './sharing';

const schema = objectSchema(
  {
    ...sharedRecordColumns,
    spec: column<QuestionSpec>({ type: 'object' }),
    visualization: oneOf(VISUALIZATIONS),
  },
  ['title', 'spec', 'visualization'],
);

/** A saved question (docs/questions.md): a spec, how to draw it, and who it is shared with. */
export interface Question extends RowOf<typeof schema> {}
export class Question extends BaseModel {
  static tableName = 'questions';
  static jsonSchema = schema;
}
