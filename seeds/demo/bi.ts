import type { Knex } from 'knex';
import { DEFAULT_DASHBOARD_CARDS, type QuestionSpec } from '../../contract/questions';

/**
 * The demo's dashboards and questions: the managers' dashboard as the default dashboard, built
 * from the built-in cards as contract/questions.ts lays them out (five KPIs, then the four
 * charts two by two on the 12-column grid), and two questions a ministry manager asks,
 * shared with the ministry managers.
 */

const QUESTIONS: { title: string; description: string; visualization: string; spec: QuestionSpec }[] = [
  {
    title: 'Support requests approved per month by type',
    description: 'Approved support requests, by the month they were decided and their type.',
    visualization: 'stacked_bar',
    spec: { resource: 'support_requests', filter: { status: 'approved' }, group_by: [{ field: 'decided_at', bucket: 'month' }, { field: 'type_code' }], measure: { fn: 'count' } },
  },
  {
    title: 'Children waiting by service delivery area',
    description: 'Children found eligible for CSP, not closed and not yet initiated, by the service delivery area of the child.',
    visualization: 'bar',
    spec: {
      resource: 'referral_children',
      filter: { eligibility: 'eligible', closed_on: null, csp_initiated_on: null, 'referral_id.program': 'CSP' },
      group_by: [{ field: 'child_id.service_delivery_area' }],
      measure: { fn: 'count' },
      sort: ['value', 'DESC'],
    },
  },
];

async function userId(trx: Knex.Transaction, email: string): Promise<{ id: number; organization_id: number | null }> {
  const user = await trx('users').where({ email }).first('id', 'organization_id');
  if (!user) throw new Error(`The demo has no user ${email}`);
  return { id: Number(user.id), organization_id: user.organization_id === null ? null : Number(user.organization_id) };
}

export async function seedDashboards(trx: Knex.Transaction): Promise<Record<string, number>> {
  const admin = await userId(trx, 'admin@demo.example');
  const manager = await userId(trx, 'manager@demo.example');
  const [dashboard] = await trx('dashboards')
    .insert({
      title: "Managers' dashboard",
      description: 'Referrals, waiting children, wait times, active plans and payments of the period.',
      owner_id: admin.id,
      organization_id: admin.organization_id,
      filters: JSON.stringify({ period: { preset: 'final', fiscal_year: null }, organization: true, fields: [] }),
      is_default: true,
    })
    .returning('id');
  await trx('dashboard_cards').insert(DEFAULT_DASHBOARD_CARDS.map((card) => ({ dashboard_id: dashboard.id, ...card })));
  await trx('questions').insert(
    QUESTIONS.map((q) => ({
      ...q,
      spec: JSON.stringify(q.spec),
      owner_id: manager.id,
      organization_id: manager.organization_id,
      shared_with: 'roles',
      shared_roles: JSON.stringify(['ministry_manager']),
    })),
  );
  return { dashboards: 1, dashboard_cards: DEFAULT_DASHBOARD_CARDS.length, questions: QUESTIONS.length };
}
