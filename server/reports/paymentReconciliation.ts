import { RECONCILIATION_ROLES, type ReconciliationReport } from '../../contract/reconciliation';
import { PAYMENT_KINDS, RECONCILIATION_GAPS } from '../../contract/enums';
import { reconciliationReport } from '../reconciliation/reconcile';
import { arrayOf, INTEGER, MONEY, object, oneOf } from '../openapi/schemas';
import { GAP_ROW } from '../reconciliation/answers';
import type { ReportDefinition } from './types';

/**
 * Payment reconciliation (server/reconciliation/gaps.ts): every gap between the payments the
 * approved support requests and the contracts' base amounts call for and the payment lines of
 * the service months of the period, with counts and amounts per gap and kind. For the ministry,
 * and an organisation administrator for its own organisation (the contracts' organisation,
 * which is exactly the payments it sees).
 */
const GAP_COLUMNS = [
  'gap', 'kind', 'service_month', 'organization_id', 'organization_name', 'contract_id', 'contract_number', 'placement_id', 'child_id',
  'child_name', 'support_request_id', 'payment_id', 'expected_amount', 'actual_amount', 'detail',
] as const;

export const paymentReconciliationReport: ReportDefinition<ReconciliationReport> = {
  name: 'payment-reconciliation',
  title: 'Payment reconciliation',
  roles: RECONCILIATION_ROLES,
  answer: {
    summary: arrayOf(object({ gap: oneOf(RECONCILIATION_GAPS), kind: oneOf(PAYMENT_KINDS), count: INTEGER, expected_amount: MONEY, actual_amount: MONEY })),
    gaps: arrayOf(GAP_ROW),
  },
  run: (knex, input) =>
    reconciliationReport(knex, {
      from: input.from,
      to: input.to,
      today: input.today ?? input.to,
      organization_id: input.organization_id,
      support_request_id: null,
      gaps: RECONCILIATION_GAPS,
      kinds: PAYMENT_KINDS,
      viewers: [],
    }),
  tables: {
    gaps: (result) => ({ columns: GAP_COLUMNS.map((key) => ({ key, header: key })), rows: result.gaps }),
    summary: (result) => ({
      columns: ['gap', 'kind', 'count', 'expected_amount', 'actual_amount'].map((key) => ({ key, header: key })),
      rows: result.summary,
    }),
  },
};
