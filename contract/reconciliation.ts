import type { PaymentKind, PaymentStatus, ReconciliationGap, Role } from './enums';

/**
 * Payment reconciliation (docs/compliance.md): the payments approved support requests and the
 * contracts' base amounts call for, against the payment lines that exist. GET
 * /api/payment_reconciliation lists the gaps (the finance work list); the report
 * `payment-reconciliation` downloads them; GET /api/payment_reconciliation/support_requests/<id>
 * is one request's months side by side.
 */
/** Who reads the work list and the report: the ministry, and an organisation administrator for its organisation. */
export const RECONCILIATION_ROLES: readonly Role[] = ['system_admin', 'ministry_manager', 'ministry_finance', 'org_admin'];

export type ReconciliationGapRow = {
  /** `<gap>:<kind>:<payment or request/placement>:<service_month>` */
  id: string;
  gap: ReconciliationGap;
  kind: PaymentKind;
  service_month: string;
  organization_id: number;
  organization_name: string | null;
  contract_id: number;
  contract_number: string | null;
  placement_id: number | null;
  child_id: number | null;
  child_name: string | null;
  support_request_id: number | null;
  /** the payment line the gap is about; empty for a missing one */
  payment_id: number | null;
  expected_amount: number | null;
  actual_amount: number | null;
  /** what the gap is, in a sentence (the line it duplicates, the number it lacks) */
  detail: string;
};

/** One service month of a request: what is expected, and the live line there (if any). */
export type ReconciliationMonth = {
  service_month: string;
  expected_amount: number | null;
  payment_id: number | null;
  actual_amount: number | null;
  status: PaymentStatus | null;
  cas_payment_number: string | null;
  icm_order_number: string | null;
  gaps: ReconciliationGap[];
};

export interface RequestReconciliation {
  support_request_id: number;
  status: string;
  kind: PaymentKind;
  frequency: string;
  amount: number | null;
  months: ReconciliationMonth[];
  /** the request's gaps, as the work list shows them */
  gaps: ReconciliationGapRow[];
}

export interface ReconciliationReport {
  summary: { gap: ReconciliationGap; kind: PaymentKind; count: number; expected_amount: number; actual_amount: number }[];
  gaps: ReconciliationGapRow[];
}
