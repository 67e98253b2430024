import { Router, type Request } from 'express';
import { currentUser } from '../auth/middleware';
import { writeAudit } from '../audit';
import type { Dashboard, DashboardCard, Question } from '../models';
import { askQuestion, type QuestionDeps } from '../questions/ask';
import { questionFields } from '../questions/catalog';
import { parseFilterValues } from '../questions/dashboardFilters';
import { askSavedQuestion, runCard, runDashboard, visibleRecord, type DashboardContext } from '../questions/dashboards';
import type { Row } from '../resources/types';

/**
 * The question endpoints (docs/questions.md), mounted before the resource router so that
 * /api/questions/run and the /run of saved records reach them; the records themselves are
 * the generic resources of server/resources/bi.ts. Every run is audited as a report run.
 */
export function createQuestionRouters(deps: QuestionDeps) {
  const audit = (req: Request, resource: string, recordId: number | null, after: unknown) =>
    writeAudit(deps.knex, { user_id: currentUser(req).id, action: 'report', resource, record_id: recordId, after, ip: req.ip ?? null });

  const questions = Router();
  questions.post('/run', async (req, res) => {
    const answer = await askQuestion(deps, currentUser(req), req.body);
    await audit(req, 'questions', null, { spec: req.body });
    res.json(answer);
  });
  questions.get('/fields', (req, res) => {
    res.json(questionFields(req.query, { resources: deps.resources, user: currentUser(req) }));
  });
  questions.post('/:id/run', async (req, res) => {
    const question = await visibleRecord<Row<Question>>(deps, currentUser(req), 'questions', String(req.params.id));
    const values = parseFilterValues((req.body ?? {}).filters);
    const ctx: DashboardContext = { deps, user: currentUser(req), dashboard: null, values };
    const { answer, filter, ignored } = await askSavedQuestion(ctx, question, null);
    await audit(req, 'questions', question.id, { filters: values });
    res.json({ ...answer, question_id: question.id, filter, ignored_filters: ignored });
  });

  const dashboards = Router();
  dashboards.get('/:id/run', async (req, res) => {
    const user = currentUser(req);
    const dashboard = await visibleRecord<Row<Dashboard>>(deps, user, 'dashboards', String(req.params.id));
    const values = parseFilterValues(req.query.filters);
    const answer = await runDashboard(deps, user, dashboard, values);
    await audit(req, 'dashboards', dashboard.id, { filters: values });
    res.json(answer);
  });

  const cards = Router();
  cards.get('/:id/run', async (req, res) => {
    const user = currentUser(req);
    const card = await visibleRecord<Row<DashboardCard>>(deps, user, 'dashboard_cards', String(req.params.id));
    const dashboard = await visibleRecord<Row<Dashboard>>(deps, user, 'dashboards', String(card.dashboard_id));
    const values = parseFilterValues(req.query.filters);
    const answer = await runCard({ deps, user, dashboard, values }, card);
    await audit(req, 'dashboard_cards', card.id, { filters: values });
    res.json(answer);
  });

  return [
    { path: '/questions', router: questions },
    { path: '/dashboards', router: dashboards },
    { path: '/dashboard_cards', router: cards },
  ];
}
