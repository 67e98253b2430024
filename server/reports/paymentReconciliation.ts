import { RECONCILIATION_ROLES, type ReconciliationReport } from '../../contract/reconciliation';
import { PAYMENT_KINDS, RECONCILIATION_GAPS } from '../../contract/enums';
import { reconciliationReport } from '../reconciliation/reconcile';
import { arrayOf, INTEGER, MONEY, object, oneOf } from '../openapi/schemas';
import { GAP_ROW } from '../reconciliation/answers';
import type { ReportColumn } from '../exports/reportColumns';
import type { ReportDefinition } from './types';

/**
 * Payment reconciliation (server/reconciliation/gaps.ts): every gap between the payments the
 * approved support requests and the contracts' base amounts call for and the payment lines of
 * the service months of the period, with counts and amounts per gap and kind. For the ministry,
 * and an organisation administrator for its own organisation (the contracts' organisation,
 * which is exactly the payments it sees).
 */
const GAP: ReportColumn = { key: 'gap', type: 'enum', label: 'gap', enum: { values: RECONCILIATION_GAPS, labels: 'app.reconciliation.gaps' } };
const KIND: ReportColumn = { key: 'kind', type: 'enum', label: 'kind', enum: { values: PAYMENT_KINDS } };
const AMOUNTS: ReportColumn[] = [
  { key: 'expected_amount', type: 'money', label: 'expected_amount' },
  { key: 'actual_amount', type: 'money', label: 'actual_amount' },
];
const GAP_COLUMNS: ReportColumn[] = [
  GAP,
  KIND,
  { key: 'service_month', type: 'date', label: 'service_month' },
  { key: 'organization_id', type: 'id', label: 'organization' },
  { key: 'organization_name', type: 'text', label: 'organization' },
  { key: 'contract_id', type: 'id', label: 'contract' },
  { key: 'contract_number', type: 'text', label: 'contract_number' },
  { key: 'placement_id', type: 'id', label: 'placement' },
  { key: 'child_id', type: 'id', label: 'child' },
  { key: 'child_name', type: 'text', label: 'child' },
  { key: 'support_request_id', type: 'id', label: 'support_request' },
  { key: 'payment_id', type: 'id', label: 'payment' },
  ...AMOUNTS,
  { key: 'detail', type: 'text', label: 'detail' },
];

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
    gaps: (result) => ({ columns: GAP_COLUMNS, rows: result.gaps }),
    summary: (result) => ({
      columns: [GAP, KIND, { key: 'count', type: 'number', label: 'count' }, ...AMOUNTS],
      rows: result.summary,
    }),
  },
};
