import type { Request } from 'express';
import { BUILT_IN_CARDS, BUCKETS, MEASURE_FNS, VISUALIZATIONS } from '../../contract/questions';
import { currentUser } from '../auth/middleware';
import { writeAudit } from '../audit';
import type { Dashboard, DashboardCard, Question } from '../models';
import { askQuestion, type QuestionDeps } from '../questions/ask';
import { describedRouter } from '../openapi/operations';
import { ANY, arrayOf, BOOLEAN, DATE_TIME, ID, INTEGER, json, jsonParameter, nullable, object, oneOf, openObject, PATH_ID, READ_SOURCE, ref, STRING, type Schema } from '../openapi/schemas';
import { questionFields } from '../questions/catalog';
import { FILTER_VALUES_SCHEMA, parseFilterValues } from '../questions/dashboardFilters';
import { QUESTION_SPEC_SCHEMA } from '../questions/spec';
import { askSavedQuestion, runCard, runDashboard, visibleRecord, type DashboardContext } from '../questions/dashboards';
import type { Row } from '../resources/types';

/** contract/questions.ts `QuestionAnswer`. */
const FIELD_TYPE = oneOf(['string', 'text', 'integer', 'number', 'money', 'boolean', 'date', 'datetime', 'json']);
const GROUP_COLUMN = object({
  role: { const: 'group' },
  field: STRING,
  bucket: nullable(oneOf(BUCKETS)),
  type: FIELD_TYPE,
  reference: nullable(STRING),
  resource: STRING,
  name: STRING,
  enum: nullable(arrayOf(STRING)),
});
const MEASURE_COLUMN = object({ role: { const: 'measure' }, fn: oneOf(MEASURE_FNS), field: nullable(STRING), type: FIELD_TYPE });
/** contract/questions.ts `QuestionField`. */
const QUESTION_FIELD = object({
  field: STRING,
  resource: STRING,
  name: STRING,
  type: FIELD_TYPE,
  enum: nullable(arrayOf(STRING)),
  reference: nullable(STRING),
  via: nullable(STRING),
  groups: BOOLEAN,
  bucket: BOOLEAN,
  measures: arrayOf(oneOf(MEASURE_FNS)),
  filters: BOOLEAN,
  range: BOOLEAN,
});
const SCALAR = { type: ['string', 'number', 'boolean', 'null'] };
const ANSWER_FIELDS: Record<string, Schema> = {
  resource: STRING,
  columns: arrayOf({ anyOf: [GROUP_COLUMN, MEASURE_COLUMN] }),
  rows: arrayOf(object({ group: arrayOf(SCALAR), label: arrayOf(nullable(STRING)), value: { type: ['number', 'string', 'null'] }, filter: openObject('a list filter') })),
  total_groups: INTEGER,
  generated_at: DATE_TIME,
  ...READ_SOURCE,
};
const LINKED = { filter: openObject('the list filter the dashboard filters became'), ignored_filters: arrayOf(STRING) };
const CARD_ANSWER = object({
  card: ref('dashboard_cards'),
  question: nullable(object({ id: ID, title: STRING, description: nullable(STRING), visualization: oneOf(VISUALIZATIONS), spec: openObject('a question spec') })),
  report_card: nullable(oneOf(BUILT_IN_CARDS)),
  ...LINKED,
  answer: { ...ANY, description: "a question's answer, or a built-in card's report" },
  error: nullable(object({ status: INTEGER, code: STRING, message: STRING })),
});
const DASHBOARD_RUN = object({ dashboard: ref('dashboards'), filters: openObject('the filter values, the period filled in'), cards: arrayOf(CARD_ANSWER), generated_at: DATE_TIME });

const FILTERS_QUERY = { properties: { filters: jsonParameter(FILTER_VALUES_SCHEMA, "the dashboard's filter values") } };
const ID_PATH = { id: PATH_ID };

/**
 * The question endpoints (docs/questions.md), mounted before the resource router so that
 * /api/questions/run and the /run of saved records reach them; the records themselves are
 * the generic resources of server/resources/bi.ts. Every run is audited as a report run.
 */
export function createQuestionRouters(deps: QuestionDeps) {
  const audit = (req: Request, resource: string, recordId: number | null, after: unknown) =>
    writeAudit(deps.knex, { user_id: currentUser(req).id, action: 'report', resource, record_id: recordId, after, ip: req.ip ?? null });

  const questions = describedRouter({ tag: 'questions' });
  const ask = { summary: 'Ask a question (not saved)', body: QUESTION_SPEC_SCHEMA, responses: { 200: json('The answer', object(ANSWER_FIELDS)) }, errors: [422] };
  questions.post('/run', ask, async (req, res) => {
    const answer = await askQuestion(deps, currentUser(req), req.body);
    await audit(req, 'questions', null, { spec: req.body });
    res.json(answer);
  });
  const fields = {
    summary: 'What a question over a resource can group by, measure and filter on',
    query: { properties: { resource: { enum: deps.resources.map((declaration) => declaration.name), description: 'a resource name' } }, required: ['resource'] },
    responses: { 200: json('The fields', object({ resource: STRING, fields: arrayOf(QUESTION_FIELD) })) },
    errors: [403],
  };
  questions.get('/fields', fields, (req, res) => {
    res.json(questionFields(req.query, { resources: deps.resources, user: currentUser(req) }));
  });
  const askSaved = {
    summary: 'Ask a saved question, with dashboard filter values',
    pathParameters: ID_PATH,
    body: { type: 'object', properties: { filters: FILTER_VALUES_SCHEMA } },
    bodyRequired: false,
    responses: { 200: json('The answer', object({ ...ANSWER_FIELDS, question_id: ID, ...LINKED })) },
    errors: [422],
  };
  questions.post('/:id/run', askSaved, async (req, res) => {
    const question = await visibleRecord<Row<Question>>(deps, currentUser(req), 'questions', String(req.params.id));
    const values = parseFilterValues((req.body ?? {}).filters);
    const ctx: DashboardContext = { deps, user: currentUser(req), dashboard: null, values };
    const { answer, filter, ignored } = await askSavedQuestion(ctx, question, null);
    await audit(req, 'questions', question.id, { filters: values });
    res.json({ ...answer, question_id: question.id, filter, ignored_filters: ignored });
  });

  const dashboards = describedRouter({ tag: 'dashboards' });
  const runAll = { summary: 'Every card of a dashboard, answered', pathParameters: ID_PATH, query: FILTERS_QUERY, responses: { 200: json('The cards', DASHBOARD_RUN) } };
  dashboards.get('/:id/run', runAll, async (req, res) => {
    const user = currentUser(req);
    const dashboard = await visibleRecord<Row<Dashboard>>(deps, user, 'dashboards', String(req.params.id));
    const values = parseFilterValues(req.query.filters);
    const answer = await runDashboard(deps, user, dashboard, values);
    await audit(req, 'dashboards', dashboard.id, { filters: values });
    res.json(answer);
  });

  const cards = describedRouter({ tag: 'dashboard_cards' });
  const runOne = { summary: 'One dashboard card, answered', pathParameters: ID_PATH, query: FILTERS_QUERY, responses: { 200: json('The card', CARD_ANSWER) } };
  cards.get('/:id/run', runOne, async (req, res) => {
    const user = currentUser(req);
    const card = await visibleRecord<Row<DashboardCard>>(deps, user, 'dashboard_cards', String(req.params.id));
    const dashboard = await visibleRecord<Row<Dashboard>>(deps, user, 'dashboards', String(card.dashboard_id));
    const values = parseFilterValues(req.query.filters);
    const answer = await runCard({ deps, user, dashboard, values }, card);
    await audit(req, 'dashboard_cards', card.id, { filters: values });
    res.json(answer);
  });

  return [
    { path: '/questions', router: questions.router },
    { path: '/dashboards', router: dashboards.router },
    { path: '/dashboard_cards', router: cards.router },
  ];
}
