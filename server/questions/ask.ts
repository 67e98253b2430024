import type { Knex } from 'knex';
import { MAX_GROUPS, type AnswerRow, type GroupColumn, type MeasureColumn, type QuestionAnswer } from '../../contract/questions';
import type { FieldType } from '../../contract/meta';
import type { CurrentUser } from '../access/roles';
import { readFields, type ReadRouting } from '../db/readRouting';
import { ValidationError } from '../errors';
import { say } from '../messages';
import type { FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration } from '../resources/types';
import { bucketFilter, bucketLabel } from './buckets';
import { compileQuestion } from './compile';
import { mergeFilters } from './drill';
import { runReadOnly } from './readOnly';
import { resolveQuestion, type ResolvedGroup, type ResolvedQuestion } from './spec';

/**
 * Asks a question (docs/questions.md) as a user: resolves the spec against the declarations,
 * runs its one statement read-only under a time limit, and answers the groups with their
 * labels and the list filter that opens each one's records.
 */
export interface QuestionDeps {
  /** the primary: saved questions, dashboards and their cards are read and written here */
  knex: Knex;
  /** where the answers are computed: the reports standby while it is close enough behind, else the primary */
  reads: ReadRouting;
  clock: () => Date;
  /** statement_timeout of a question's transaction */
  timeoutMs: number;
  resources: readonly ResourceDeclaration[];
}

type Row = Record<string, unknown> & { value: unknown; total_groups: unknown };
type GroupValue = AnswerRow['group'][number];

function groupColumn(group: ResolvedGroup): GroupColumn {
  const { path, owner, field } = group.field;
  return { role: 'group', field: path, bucket: group.bucket, type: field.type, reference: field.reference, resource: owner.name, name: field.name, enum: field.enum };
}

function measureColumn(question: ResolvedQuestion): MeasureColumn {
  const { fn, field } = question.measure;
  const fieldType = field?.field.type;
  const type: FieldType =
    fn === 'count' || fn === 'count_distinct' ? 'integer' : (fn === 'avg' || fn === 'median') && fieldType === 'integer' ? 'number' : fieldType!;
  return { role: 'measure', fn, field: field?.path ?? null, type };
}

function label(group: ResolvedGroup, value: GroupValue, title: unknown): string | null {
  if (value === null) return null;
  if (group.bucket) return bucketLabel(group.bucket, String(value));
  if (group.field.field.reference) return typeof title === 'string' && title !== '' ? title : `#${String(value)}`;
  return String(value);
}

function groupFilter(group: ResolvedGroup, value: GroupValue): Record<string, unknown> {
  const { path, field } = group.field;
  if (value === null || !group.bucket) return { [path]: value };
  return bucketFilter(group.bucket, String(value), path, field.type as 'date' | 'datetime');
}

function answerRow(question: ResolvedQuestion, row: Row, filters: Record<string, unknown>[]): AnswerRow {
  const group = question.groups.map((_, i) => (row[`g${i}`] ?? null) as GroupValue);
  return {
    group,
    label: question.groups.map((g, i) => label(g, group[i], row[`l${i}`])),
    value: (row.value ?? null) as AnswerRow['value'],
    filter: mergeFilters(...filters, ...question.groups.map((g, i) => groupFilter(g, group[i]))),
  };
}

export async function askQuestion(deps: QuestionDeps, user: CurrentUser, spec: unknown, extraFilter: Record<string, unknown> = {}): Promise<QuestionAnswer> {
  const context: FilterContext = { resources: deps.resources, user };
  const question = resolveQuestion(spec, context);
  const { result: rows, source } = await deps.reads.read((knex) => runReadOnly(knex, deps.timeoutMs, async (trx) => (await compileQuestion(question, context, trx, extraFilter).query) as Row[]));
  const totalGroups = rows.length ? Number(rows[0].total_groups) : 0;
  if (question.limit === null && totalGroups > MAX_GROUPS) {
    throw new ValidationError(
      say('question_too_many_groups', { count: totalGroups, limit: MAX_GROUPS }),
      { group_by: say('field_more_groups_than', { limit: MAX_GROUPS }) },
    );
  }
  return {
    resource: question.declaration.name,
    columns: [...question.groups.map(groupColumn), measureColumn(question)],
    rows: rows.map((row) => answerRow(question, row, [question.filter, extraFilter])),
    total_groups: totalGroups,
    generated_at: deps.clock().toISOString(),
    ...readFields(source),
  };
}
