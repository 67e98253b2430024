import { activePlansReport } from './activePlans';
import { cspMeasuresReport } from './cspMeasures';
import { paymentReconciliationReport } from './paymentReconciliation';
import { paymentSummaryReport } from './paymentSummary';
import { referralSourcesReport } from './referralSources';
import type { ReportDefinition } from './types';
import { waitTimesReport } from './waitTimes';

/** Every report served at /api/reports/<name>. */
export const REPORTS: ReadonlyMap<string, ReportDefinition<any>> = new Map(
  [cspMeasuresReport, referralSourcesReport, waitTimesReport, activePlansReport, paymentSummaryReport, paymentReconciliationReport].map((r) => [r.name, r]),
);
